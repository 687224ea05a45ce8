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

    /**
     * This listener, then {@code action} once training ended: to show the result before what follows training.
     *
     * <p>Usage: {@code new ProgressBarListener(System.err).thenOnEnd(r -> System.out.println(r.summary()))}
     */
    default TrainingListener thenOnEnd(java.util.function.Consumer<TrainingResult> action) {
        TrainingListener first = this;
        return new TrainingListener() {
            @Override
            public void onStart(int firstStep, int totalSteps, int epochs) {
                first.onStart(firstStep, totalSteps, epochs);
            }

            @Override
            public void onStep(StepLog log) {
                first.onStep(log);
            }

            @Override
            public void onEvaluation(EvalLog log) {
                first.onEvaluation(log);
            }

            @Override
            public void onEnd(TrainingResult result) {
                first.onEnd(result);
                action.accept(result);
            }
        };
    }
}
