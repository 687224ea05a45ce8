package io.github.gpt2sentiment.training;

import java.util.List;

/**
 * Everything besides the weights and the optimizer's moments that a resumed run needs to continue exactly where the
 * interrupted one stopped; saved as {@code trainer_state.json} in every checkpoint.
 *
 * <p>The random state is not a snapshot of PyTorch's generator: the trainer reseeds the engine before every
 * micro-batch from {@code (seed, step, micro-batch)}, so the seed and the position are the random state.
 *
 * @param format          version of this layout
 * @param config          the run's settings (a resume must use the same)
 * @param dataFingerprint a hash of the training and validation token ids and labels
 * @param schedule        the learning-rate schedule
 * @param step            optimizer updates done
 * @param epoch           the epoch in progress (0-based)
 * @param nextBatch       the next micro-batch of that epoch's order
 * @param order           that epoch's batches (example indices), the data order
 * @param lossSum         sum of the update losses since the last evaluation
 * @param lossCount       number of those updates
 * @param bestValLoss     lowest validation loss so far (infinity before the first evaluation)
 * @param bestStep        the step that reached it (-1 before the first evaluation)
 * @param staleEvaluations evaluations since the best one (for early stopping)
 * @param trainingSeconds training time so far, evaluations and checkpoints excluded
 * @param tokens          real tokens trained on so far
 * @param finished        whether the run ended (all epochs done, or stopped early)
 * @param stoppedEarly    whether it ended by early stopping
 * @param history         the updates and evaluations so far
 */
public record TrainerState(
        int format,
        TrainingConfig config,
        String dataFingerprint,
        LinearSchedule schedule,
        int step,
        int epoch,
        int nextBatch,
        List<int[]> order,
        double lossSum,
        int lossCount,
        double bestValLoss,
        int bestStep,
        int staleEvaluations,
        double trainingSeconds,
        long tokens,
        boolean finished,
        boolean stoppedEarly,
        History history) {

    public static final int FORMAT = 1;
}
