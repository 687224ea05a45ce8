package io.github.gpt2sentiment.bench;

import io.github.gpt2sentiment.data.DataSource;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --data} as the bench commands take it: the IMDB archive or folder, by default the reference data's.
 *
 * <p>Usage: {@code @Mixin ImdbArchiveOption data;} then {@code ImdbDataset.load(data.archive())}
 */
final class ImdbArchiveOption {

    @Option(names = "--data", paramLabel = "PATH",
            description = "The IMDB archive or folder (default: imdb/aclImdb_v1.tar.gz in the reference data folder).")
    String path;

    /** The archive or folder to load: {@code --data} resolved, else the reference data's IMDB archive. */
    Path archive() {
        return path != null ? DataSource.resolve(path) : DataSource.referenceData().resolve("imdb/aclImdb_v1.tar.gz");
    }
}
