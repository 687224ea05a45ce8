package io.github.gpt2sentiment.training;

/**
 * How closely two runs' per-step training losses agree, step by step: the evidence that two trainers compute the
 * same thing when nothing random is left (dropout 0, same weights, same batches). Float rounding alone lets the
 * curves drift apart slowly; a different computation shows at once (step 1: the forward pass or the loss; step 2:
 * the optimizer, clipping or schedule).
 *
 * <p>Usage: {@code LossAgreement a = LossAgreement.of(ours, theirs, 20, 0.01); a.firstStepBeyond(); }
 *
 * @param steps            steps compared (the shorter of the two curves)
 * @param head             leading steps {@link #maxRelativeInHead} covers (at most {@code steps})
 * @param maxRelativeInHead the largest relative difference {@code |ours - theirs| / |theirs|} over the first
 *                          {@code head} steps
 * @param threshold        the relative difference {@link #firstStepBeyond} looks for
 * @param firstStepBeyond  the first step (1-based) whose relative difference exceeds {@code threshold}, or 0 if
 *                         none does
 * @param maxRelative      the largest relative difference over all steps
 */
public record LossAgreement(int steps, int head, double maxRelativeInHead, double threshold, int firstStepBeyond,
        double maxRelative) {

    /**
     * Compares two loss curves, step {@code i + 1} being {@code ours[i]} against {@code theirs[i]}.
     *
     * @throws IllegalArgumentException when a curve is empty or holds a loss that is not finite
     */
    public static LossAgreement of(double[] ours, double[] theirs, int head, double threshold) {
        int steps = Math.min(ours.length, theirs.length);
        if (steps == 0) {
            throw new IllegalArgumentException("No steps to compare: the curves have " + ours.length + " and "
                    + theirs.length + " losses");
        }
        double maxHead = 0;
        double max = 0;
        int first = 0;
        for (int i = 0; i < steps; i++) {
            if (!Double.isFinite(ours[i]) || !Double.isFinite(theirs[i])) {
                throw new IllegalArgumentException("Step " + (i + 1) + " has a loss that is not finite: " + ours[i]
                        + " against " + theirs[i]);
            }
            double relative = relativeDifference(ours[i], theirs[i]);
            if (i < head) {
                maxHead = Math.max(maxHead, relative);
            }
            max = Math.max(max, relative);
            if (first == 0 && relative > threshold) {
                first = i + 1;
            }
        }
        return new LossAgreement(steps, Math.min(head, steps), maxHead, threshold, first, max);
    }

    /** {@code |a - b| / |b|}, and 0 when both are 0. */
    public static double relativeDifference(double a, double b) {
        double difference = Math.abs(a - b);
        return difference == 0 ? 0 : difference / Math.abs(b);
    }
}
