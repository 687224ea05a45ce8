package io.github.gpt2sentiment.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TrainingConfigTest {

    @Test
    void defaultsAreTheWalkthroughsRecipe() {
        TrainingConfig config = TrainingConfig.defaults();
        assertEquals(2e-5, config.learningRate());
        assertEquals(8, config.batchSize());
        assertEquals(3, config.epochs());
        assertEquals(0.01, config.weightDecay());
        assertEquals(1.0, config.maxGradNorm());
    }

    @Test
    void badSettingsAreRefusedWithTheReason() {
        var zeroLr = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.defaults().withLearningRate(0));
        assertTrue(zeroLr.getMessage().contains("learning rate must be a positive number, got 0.0"),
                zeroLr.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.defaults().withLearningRate(-1e-5));
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.defaults().withLearningRate(Double.NaN));
        var batch = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.defaults().withBatchSize(0));
        assertTrue(batch.getMessage().contains("batch size must be at least 1, got 0"), batch.getMessage());
        var truncation = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.defaults().withTruncation("middle"));
        assertTrue(truncation.getMessage().contains("[head, tail, head+tail]"), truncation.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.defaults().withWarmupRatio(1.0));
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.defaults().withGradAccum(0));
        var length = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.defaults().withMaxLength(1025).checkFits(1024));
        assertTrue(length.getMessage().contains("longer than the model's n_positions 1024"), length.getMessage());
    }

    @Test
    void stepsPerEpochCountsAPartialAccumulation() {
        assertEquals(4, TrainingConfig.defaults().withGradAccum(3).stepsPerEpoch(10));
        assertEquals(10, TrainingConfig.defaults().stepsPerEpoch(10));
    }
}
