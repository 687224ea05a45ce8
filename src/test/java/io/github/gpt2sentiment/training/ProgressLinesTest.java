package io.github.gpt2sentiment.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/** Progress for notebooks and logs: whole lines, a few of them, never a carriage return. */
class ProgressLinesTest {

    @Test
    void trainingPrintsEveryEvaluationAndStepLinesOnlyAfterTheInterval() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ProgressLines quiet = new ProgressLines(out, Duration.ofHours(1));
        quiet.onStart(0, 80, 2);
        for (int step = 1; step <= 80; step++) {
            quiet.onStep(new StepLog(step, step / 40.0, 0.69, 5e-5, 1.0, 1000));
            if (step % 8 == 0) {
                quiet.onEvaluation(new EvalLog(step, step / 40.0, 0.69, 0.68, 0.55, 0.5, step == 8));
            }
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("\r"), "no carriage returns");
        assertEquals(11, text.lines().count(), "a start line and one line per evaluation:\n" + text);
        assertTrue(text.contains("step 8/80") && text.contains("lowest so far, saved"), text);

        bytes.reset();
        ProgressLines chatty = new ProgressLines(out, Duration.ZERO);
        chatty.onStart(0, 3, 1);
        chatty.onStep(new StepLog(1, 0.3, 0.7, 5e-5, 1.0, 1000));
        chatty.onStep(new StepLog(2, 0.6, 0.7, 5e-5, 1.0, 1000));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("step 2/3 (epoch 0.60 of 1): loss 0.7000"));
    }

    @Test
    void scoringPrintsAFinalLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        IntConsumer counter = ProgressLines.counter(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                "zero-shot", 200, Duration.ofHours(1));
        for (int i = 0; i < 10; i++) {
            counter.accept(20);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.startsWith("zero-shot: 200/200 reviews"), text);
    }
}
