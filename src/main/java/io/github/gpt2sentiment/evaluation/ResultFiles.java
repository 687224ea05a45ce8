package io.github.gpt2sentiment.evaluation;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where one classification run is saved: its results JSON and its per-review predictions CSV.
 *
 * <p>Usage: {@code before.save(ResultFiles.named(Path.of("runs/quick"), "before"));} writes
 * {@code runs/quick/before.json} and {@code runs/quick/before.csv}.
 *
 * @param json the results JSON ({@link ResultsJson})
 * @param csv the predictions CSV ({@link PredictionsCsv}), or null to write none
 */
public record ResultFiles(Path json, Path csv) {

    public ResultFiles {
        Objects.requireNonNull(json, "results JSON");
    }

    /** {@code NAME.json} and {@code NAME.csv} in a folder. */
    public static ResultFiles named(Path folder, String name) {
        return new ResultFiles(folder.resolve(name + ".json"), folder.resolve(name + ".csv"));
    }
}
