package io.github.gpt2sentiment.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns what a user typed (a path, or {@code imdb}) into reviews: the one place the command line and the notebooks
 * resolve a {@code --data} argument.
 *
 * <p>Usage: {@code ImdbDataset imdb = DataSource.load("imdb");} or {@code DataSource.load("~/reviews.csv")}
 */
public final class DataSource {

    /** The spec that means "the official IMDB archive, downloaded once into the cache". */
    public static final String IMDB = "imdb";

    private DataSource() {}

    /**
     * The path a spec names: {@code imdb} fetches (or reuses) the verified official archive in the cache folder,
     * anything else is a path ({@code ~} is the home folder) to an archive, an {@code aclImdb/} folder or a file.
     *
     * @throws DataException when the path does not exist
     */
    public static Path resolve(String spec) {
        String s = spec.strip();
        if (s.equalsIgnoreCase(IMDB)) {
            return ImdbDownload.official().fetch(new StderrProgress());
        }
        if (s.equals("~") || s.startsWith("~/")) {
            s = System.getProperty("user.home") + s.substring(1);
        }
        Path path = Path.of(s);
        if (!Files.exists(path)) {
            throw new DataException(path.toAbsolutePath() + ": no such file or folder; expected the IMDB archive "
                    + "aclImdb_v1.tar.gz, an extracted aclImdb/ folder, a .csv/.tsv/.jsonl file of labelled reviews, "
                    + "or 'imdb' to download the official archive");
        }
        return path;
    }

    /** The reviews a spec names, with default options. See {@link #resolve} and {@link ImdbDataset#load(Path)}. */
    public static ImdbDataset load(String spec) {
        return ImdbDataset.load(resolve(spec));
    }

    /** The reviews a spec names. See {@link #resolve} and {@link ImdbDataset#load(Path, LoadOptions)}. */
    public static ImdbDataset load(String spec, LoadOptions options) {
        return ImdbDataset.load(resolve(spec), options);
    }

    /**
     * The reference data folder of this repository's tests and benchmarks (holding {@code imdb/} and {@code gpt2/}):
     * the system property {@code gpt2sentiment.data}, else {@code $GPT2_SENTIMENT_DATA_DIR}, else
     * {@code ../shared/data}.
     */
    public static Path referenceData() {
        String configured = System.getProperty("gpt2sentiment.data");
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("GPT2_SENTIMENT_DATA_DIR");
        }
        return Path.of(configured == null || configured.isBlank() ? "../shared/data" : configured);
    }

    /** Prints a one-line progress report to stderr, every 5 %. */
    private static final class StderrProgress implements ImdbDownload.Listener {
        private long lastStep = -1;

        @Override
        public void started(java.net.URI url, long from, long total) {
            System.err.printf("Downloading %s%s into %s%n", url,
                    from > 0 ? " (resuming at " + from / 1_000_000 + " MB)" : "", ImdbDownload.cacheDir());
        }

        @Override
        public void progress(long done, long total) {
            long step = done * 20 / total;
            if (step != lastStep) {
                lastStep = step;
                System.err.printf("\r  %3d%%  %.1f of %.1f MB", done * 100 / total, done / 1e6, total / 1e6);
                if (done == total) {
                    System.err.println();
                }
            }
        }
    }
}
