package io.github.gpt2sentiment;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where tests find the real reference data: the system property {@code gpt2sentiment.data}, else the environment
 * variable {@code GPT2_SENTIMENT_DATA_DIR}, else {@code ../shared/data} beside the checkout.
 */
public final class TestData {

    private TestData() {}

    /** The data folder holding {@code imdb/} and {@code gpt2/}. */
    public static Path dir() {
        String configured = System.getProperty("gpt2sentiment.data");
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("GPT2_SENTIMENT_DATA_DIR");
        }
        Path dir = Path.of(configured == null || configured.isBlank() ? "../shared/data" : configured);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("Reference data folder " + dir.toAbsolutePath() + " is missing: set "
                    + "-Dgpt2sentiment.data=DIR or GPT2_SENTIMENT_DATA_DIR (see docs/data-and-tokenization.md)");
        }
        return dir;
    }

    /** The real IMDB archive, {@code imdb/aclImdb_v1.tar.gz}. */
    public static Path imdbArchive() {
        return dir().resolve("imdb/aclImdb_v1.tar.gz");
    }

    /** GPT-2's real tokenizer folder, {@code gpt2/}. */
    public static Path gpt2Tokenizer() {
        return dir().resolve("gpt2");
    }

    /** Skips a test (never used for the core suite) when an optional tool is missing. */
    public static void assumeFile(Path path) {
        assumeTrue(Files.exists(path), () -> "missing " + path);
    }
}
