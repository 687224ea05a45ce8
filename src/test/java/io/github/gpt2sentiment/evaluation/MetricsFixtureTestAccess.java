package io.github.gpt2sentiment.evaluation;

import io.github.gpt2sentiment.scoring.Prediction;
import java.io.IOException;
import java.util.List;

/** Lets tests in other packages use the scikit-learn fixture vectors as predictions. */
public final class MetricsFixtureTestAccess {

    private MetricsFixtureTestAccess() {}

    /** The fixture's labels and probabilities as predictions, some ids needing CSV quoting. */
    public static List<Prediction> predictions(String fixtureName) throws IOException {
        return ResultsFilesTest.predictions(fixtureName);
    }
}
