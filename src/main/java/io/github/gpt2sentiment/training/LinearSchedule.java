package io.github.gpt2sentiment.training;

/**
 * The learning rate of transformers' {@code get_linear_schedule_with_warmup}: from 0 up to the peak over the warm-up
 * steps, then linearly down to 0 at the last step. Step {@code s} is the {@code s}-th optimizer update, counted
 * from 0, so with a warm-up the very first update uses a learning rate of 0, exactly as in transformers.
 *
 * <p>Usage: {@code double lr = LinearSchedule.of(2e-5, 0.1, 3000).learningRate(step);}
 *
 * @param peak        the learning rate at the end of the warm-up
 * @param warmupSteps updates spent warming up
 * @param totalSteps  updates in the whole run
 */
public record LinearSchedule(double peak, int warmupSteps, int totalSteps) {

    public LinearSchedule {
        if (totalSteps < 1 || warmupSteps < 0 || warmupSteps > totalSteps) {
            throw new IllegalArgumentException("A schedule needs 0 <= warm-up (" + warmupSteps + ") <= total steps ("
                    + totalSteps + ") and at least one step");
        }
    }

    /** The schedule for a warm-up given as a fraction of the run (rounded up, as transformers does). */
    public static LinearSchedule of(double peak, double warmupRatio, int totalSteps) {
        return new LinearSchedule(peak, (int) Math.ceil(warmupRatio * totalSteps), totalSteps);
    }

    /** The learning rate of update {@code step} (0-based). */
    public double learningRate(int step) {
        if (step < warmupSteps) {
            return peak * step / Math.max(1, warmupSteps);
        }
        return peak * Math.max(0.0, (double) (totalSteps - step) / Math.max(1, totalSteps - warmupSteps));
    }
}
