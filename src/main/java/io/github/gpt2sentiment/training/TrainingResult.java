package io.github.gpt2sentiment.training;

import java.nio.file.Path;

/**
 * How a run ended.
 *
 * <p>Usage: {@code System.out.println(result.summary());}
 *
 * @param history         every update and evaluation, those before a resume included
 * @param bestStep        the step whose weights are in the output folder (-1 if there was no evaluation)
 * @param best            the evaluation of those weights, or null
 * @param finished        all epochs ran, or early stopping ended the run
 * @param stoppedEarly    early stopping ended the run
 * @param interrupted     a stop request (Ctrl-C) ended it; {@code --resume} continues it
 * @param steps           optimizer updates done
 * @param totalSteps      optimizer updates planned
 * @param trainableParameters weights the updates changed ({@link TrainableModel#trainableParameters()})
 * @param secondsPerStep  mean seconds per optimizer update in this session: forward, backward and the AdamW step,
 *                        evaluations and checkpoints excluded; NaN when no update ran
 * @param tokensPerSecond real tokens per second of training time in this session
 * @param wallSeconds     duration of this session, evaluations and checkpoints included
 * @param peakMemory      the most memory used, and how much it grew while training
 * @param output          the output folder
 */
public record TrainingResult(History history, int bestStep, EvalLog best, boolean finished, boolean stoppedEarly,
        boolean interrupted, int steps, int totalSteps, long trainableParameters, double secondsPerStep,
        double tokensPerSecond, double wallSeconds,
        PeakMemory peakMemory, Path output) {

    /** A few lines for the console. */
    public String summary() {
        String how = interrupted ? "interrupted at step " + steps + " of " + totalSteps + " (--resume continues)"
                : stoppedEarly ? "stopped early at step " + steps + " of " + totalSteps
                : finished ? "finished " + steps + " steps" : "stopped at step " + steps;
        String bestText = best == null ? "no evaluation yet"
                : String.format(java.util.Locale.ROOT, "best at step %d: validation loss %.4f, accuracy %.4f, F1 %.4f",
                        bestStep, best.valLoss(), best.valAccuracy(), best.valF1());
        return String.format(java.util.Locale.ROOT, "Training %s in %.1f s (%.0f tokens/s)%n%,d trainable "
                + "parameters, %.3f s per optimizer step%n%s%n%s%nOutput: %s", how, wallSeconds, tokensPerSecond,
                trainableParameters, secondsPerStep, bestText, peakMemory, output);
    }
}
