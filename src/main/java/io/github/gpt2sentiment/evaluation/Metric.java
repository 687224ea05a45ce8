package io.github.gpt2sentiment.evaluation;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The scalar metrics a run reports, each with its key in results files and a label for tables and charts.
 *
 * <p>Usage: {@code Metric.F1_MACRO.of(metrics)}
 */
public enum Metric {
    ACCURACY("accuracy", "Accuracy", "Accuracy", Metrics::accuracy),
    PRECISION_POSITIVE("precision_positive", "Precision (positive)", "Precision (pos)", Metrics::precisionPositive),
    RECALL_POSITIVE("recall_positive", "Recall (positive)", "Recall (pos)", Metrics::recallPositive),
    F1_POSITIVE("f1_positive", "F1 (positive)", "F1 (pos)", Metrics::f1Positive),
    PRECISION_MACRO("precision_macro", "Precision (macro)", "Precision (macro)", Metrics::precisionMacro),
    RECALL_MACRO("recall_macro", "Recall (macro)", "Recall (macro)", Metrics::recallMacro),
    F1_MACRO("f1_macro", "F1 (macro)", "F1 (macro)", Metrics::f1Macro),
    ROC_AUC("roc_auc", "ROC AUC", "ROC AUC", Metrics::rocAuc),
    LOG_LOSS("log_loss", "Log-loss", "Log-loss", Metrics::logLoss);

    private final String key;
    private final String label;
    private final String shortLabel;
    private final ToDoubleFunction<Metrics> value;

    Metric(String key, String label, String shortLabel, ToDoubleFunction<Metrics> value) {
        this.key = key;
        this.label = label;
        this.shortLabel = shortLabel;
        this.value = value;
    }

    /** The name in results JSON and CSV files, e.g. {@code f1_macro}. */
    public String key() {
        return key;
    }

    /** A human label, e.g. {@code F1 (macro)}. */
    public String label() {
        return label;
    }

    /** A label short enough for a chart axis, e.g. {@code Recall (pos)}. */
    public String shortLabel() {
        return shortLabel;
    }

    /** This metric's value in {@code metrics}. */
    public double of(Metrics metrics) {
        return value.applyAsDouble(metrics);
    }

    /** Whether the metric lies in [0, 1] (all but log-loss), so it can share a bar chart's axis. */
    public boolean isFraction() {
        return this != LOG_LOSS;
    }

    /** The metric with this key; the error lists the valid keys. */
    public static Metric byKey(String key) {
        for (Metric m : values()) {
            if (m.key.equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown metric '" + key + "'; expected one of "
                + Arrays.stream(values()).map(Metric::key).collect(Collectors.joining(", ")));
    }

    /** The metrics a before/after bar chart shows by default: every fraction. */
    public static List<Metric> fractions() {
        return Arrays.stream(values()).filter(Metric::isFraction).toList();
    }
}
