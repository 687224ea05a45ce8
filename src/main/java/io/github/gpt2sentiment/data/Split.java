package io.github.gpt2sentiment.data;

import java.util.Locale;

/**
 * The dataset's two official splits. Validation data is carved from {@link #TRAIN} (see {@link Subsets}); the
 * test split is kept for the final evaluation only.
 */
public enum Split {
    TRAIN,
    TEST;

    /** The lower-case name used in folders, tables and JSON: {@code train} or {@code test}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The split named {@code train} or {@code test} (any case, surrounding blanks ignored).
     *
     * @throws IllegalArgumentException for any other name
     */
    public static Split parse(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "train" -> TRAIN;
            case "test" -> TEST;
            default -> throw new IllegalArgumentException("unknown split '" + name + "', expected train or test");
        };
    }
}
