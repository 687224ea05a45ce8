package io.github.gpt2sentiment.training;

/**
 * One optimizer update.
 *
 * @param step            updates done, this one included
 * @param epoch           fractional epoch at the end of the update
 * @param loss            mean training loss over the update's micro-batches
 * @param learningRate    the learning rate this update used
 * @param gradNorm        global gradient norm before clipping
 * @param tokensPerSecond real (unpadded) tokens per second of training time since the run (or resume) began
 */
public record StepLog(int step, double epoch, double loss, double learningRate, double gradNorm,
        double tokensPerSecond) {}
