package io.github.gpt2sentiment.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LinearScheduleTest {

    @Test
    void warmupRoundsUpLikeTransformers() {
        // transformers: warmup_steps = ceil(warmup_ratio * total)
        assertEquals(31, LinearSchedule.of(2e-5, 0.1, 301).warmupSteps());
        assertEquals(0, LinearSchedule.of(2e-5, 0.0, 301).warmupSteps());
    }

    @Test
    void withoutWarmupTheFirstStepUsesThePeakAndTheLastIsAboveZero() {
        LinearSchedule schedule = LinearSchedule.of(2e-5, 0.0, 4);
        assertEquals(2e-5, schedule.learningRate(0), 0);
        assertEquals(0.5e-5, schedule.learningRate(3), 1e-20);
        assertEquals(0, schedule.learningRate(4), 0);
    }

    @Test
    void impossibleSchedulesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LinearSchedule(1e-3, 5, 4));
        assertThrows(IllegalArgumentException.class, () -> new LinearSchedule(1e-3, 0, 0));
    }
}
