package io.github.gpt2sentiment.training;

/**
 * One evaluation on the validation reviews.
 *
 * @param step        optimizer updates done
 * @param epoch       fractional epoch
 * @param trainLoss   mean training loss of the updates since the previous evaluation
 * @param valLoss     mean cross-entropy on the validation reviews
 * @param valAccuracy fraction of validation reviews classified correctly
 * @param valF1       F1 score of the positive class
 * @param best        whether this evaluation has the lowest validation loss so far (its weights were saved)
 */
public record EvalLog(int step, double epoch, double trainLoss, double valLoss, double valAccuracy, double valF1,
        boolean best) {}
