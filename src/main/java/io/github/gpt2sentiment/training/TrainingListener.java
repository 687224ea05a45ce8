package io.github.gpt2sentiment.training;

/**
 * Hears what the trainer does, for progress bars and notebooks; every method has an empty default.
 *
 * <p>Usage: {@code trainer.listener(new TrainingListener() { public void onEvaluation(EvalLog log) { ... } })}
 */
public interface TrainingListener {

    /** Training (re)starts at update {@code firstStep} of {@code totalSteps}. */
    default void onStart(int firstStep, int totalSteps, int epochs) {}

    /** An optimizer update finished. */
    default void onStep(StepLog log) {}

    /** An evaluation on the validation reviews finished. */
    default void onEvaluation(EvalLog log) {}

    /** Training ended (finished, stopped early or interrupted). */
    default void onEnd(TrainingResult result) {}
}
