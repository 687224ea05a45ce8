package io.github.gpt2sentiment.options;

import io.github.gpt2sentiment.hub.ModelSource;
import picocli.CommandLine.Option;

/**
 * {@code --revision}: which version of a hub model to take.
 *
 * <p>Usage: {@code @Mixin RevisionOption revision;} then {@code ModelSource.resolve(model.id, revision.name)}
 */
public final class RevisionOption {

    @Option(names = "--revision", defaultValue = ModelSource.DEFAULT_REVISION, paramLabel = "R",
            description = "Hub branch, tag or commit when --model is a hub id (default: ${DEFAULT-VALUE}).")
    public String name;
}
