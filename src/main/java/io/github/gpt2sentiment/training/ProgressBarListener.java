package io.github.gpt2sentiment.training;

import io.github.gpt2sentiment.progress.ProgressBars;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;

/**
 * A console progress bar over the optimizer steps: epoch, step, loss, learning rate, tokens/s and the ETA; each
 * evaluation is printed on its own line above it.
 *
 * <p>Usage: {@code trainer.listener(new ProgressBarListener(System.err));}
 */
public final class ProgressBarListener implements TrainingListener {

    private final PrintStream out;
    private ProgressBar bar;
    private int epochs;

    public ProgressBarListener(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onStart(int firstStep, int totalSteps, int epochCount) {
        this.epochs = epochCount;
        // Wider than the others: the bar's extra message shows epoch, loss, learning rate and tokens/s.
        bar = ProgressBars.builder("train", totalSteps, " steps", 1, out)
                .startsFrom(firstStep, Duration.ZERO)
                .continuousUpdate()
                .setConsumer(new ConsoleProgressBarConsumer(out, 140))
                .build();
    }

    @Override
    public void onStep(StepLog log) {
        int epoch = Math.min(epochs, (int) Math.floor(log.epoch()) + 1);
        bar.setExtraMessage(String.format(Locale.ROOT, "epoch %d/%d loss %.4f lr %.2e %,.0f tok/s", epoch, epochs,
                log.loss(), log.learningRate(), log.tokensPerSecond()));
        bar.stepTo(log.step());
    }

    @Override
    public void onEvaluation(EvalLog log) {
        bar.refresh();
        out.printf(Locale.ROOT, "%nstep %d (epoch %.2f): train loss %.4f | validation loss %.4f, accuracy %.4f,"
                + " F1 %.4f%s%n", log.step(), log.epoch(), log.trainLoss(), log.valLoss(), log.valAccuracy(),
                log.valF1(), log.best() ? "  * best, saved" : "");
    }

    @Override
    public void onEnd(TrainingResult result) {
        if (bar != null) {
            bar.close();
        }
    }
}
