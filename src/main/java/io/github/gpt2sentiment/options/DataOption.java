package io.github.gpt2sentiment.options;

import picocli.CommandLine.Option;

/**
 * {@code --data}, as every command that reads reviews takes it.
 *
 * <p>Usage: {@code @Mixin DataOption data;} then {@code DataSource.load(data.path)}
 */
public final class DataOption {

    @Option(names = "--data", required = true, paramLabel = "PATH",
            description = "aclImdb_v1.tar.gz, an extracted aclImdb/ folder, a .csv/.tsv/.jsonl file of labelled "
                    + "reviews, or 'imdb' to download the official archive into the cache.")
    public String path;
}
