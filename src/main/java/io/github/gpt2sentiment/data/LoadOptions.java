package io.github.gpt2sentiment.data;

import java.util.Objects;

/**
 * How reviews are read.
 *
 * <p>Usage: {@code ImdbDataset.load(path, LoadOptions.defaults().withColumns("review", "sentiment"))}
 *
 * @param cleanBreaks turn each HTML line break {@code <br />} into a newline (on by default: IMDB reviews hold
 *     about 100,000 of them, and the markup is noise to a language model)
 * @param textColumn the text column (CSV/TSV header name or JSON Lines key) of a user's file
 * @param labelColumn the label column of a user's file; labels are 1/0, pos/neg or positive/negative
 * @param splitColumn an optional column holding {@code train} or {@code test}; a file without it is all train
 */
public record LoadOptions(boolean cleanBreaks, String textColumn, String labelColumn, String splitColumn) {

    public LoadOptions {
        Objects.requireNonNull(textColumn, "textColumn");
        Objects.requireNonNull(labelColumn, "labelColumn");
        Objects.requireNonNull(splitColumn, "splitColumn");
    }

    /** Breaks cleaned; columns {@code text}, {@code label} and (optional) {@code split}. */
    public static LoadOptions defaults() {
        return new LoadOptions(true, "text", "label", "split");
    }

    /** The same options with {@code <br />} cleaning switched on or off. */
    public LoadOptions withCleanBreaks(boolean clean) {
        return new LoadOptions(clean, textColumn, labelColumn, splitColumn);
    }

    /** The same options reading a user's file from other text and label columns. */
    public LoadOptions withColumns(String text, String label) {
        return new LoadOptions(cleanBreaks, text, label, splitColumn);
    }

    /** Applies the text cleaning these options ask for. */
    String clean(String text) {
        return cleanBreaks && text.indexOf('<') >= 0 ? text.replace("<br />", "\n") : text;
    }
}
