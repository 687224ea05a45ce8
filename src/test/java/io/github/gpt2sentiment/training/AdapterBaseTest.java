package io.github.gpt2sentiment.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.github.gpt2sentiment.model.Checkpoint;
import io.github.gpt2sentiment.model.Gpt2;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An adapter folder naming a hub id as its base opens through the resolver every loader above the hub passes
 * ({@code ModelSource::resolve}); the model package alone, below the hub, takes folders only and says so.
 */
class AdapterBaseTest {

    @Test
    void theResolverFindsTheBaseTheAdapterNames(@TempDir Path dir) throws Exception {
        Path base = LoraTrainingTest.base(dir);
        Path adapter = dir.resolve("adapter");
        String hubId = "someone/tiny-gpt2";
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Engine.getInstance().setRandomSeed(7);
            Gpt2Classifier.lora(base, hubId, LoraTrainingTest.LORA, manager).save(adapter);
        }
        List<String> asked = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Gpt2 viaResolver = Checkpoint.load(adapter, Gpt2.Head.SEQUENCE_CLASSIFICATION, manager, name -> {
                asked.add(name);
                return base;
            }).model();
            assertEquals(List.of(hubId), asked);
            Gpt2 viaTrainedClassifier = Checkpoint.loadTrainedClassifier(adapter, manager, null, name -> base).model();
            assertArrayEquals(viaResolver.getParameters().get("score.weight").getArray().toFloatArray(),
                    viaTrainedClassifier.getParameters().get("score.weight").getArray().toFloatArray());

            IllegalArgumentException local = assertThrows(IllegalArgumentException.class,
                    () -> Checkpoint.load(adapter, Gpt2.Head.SEQUENCE_CLASSIFICATION, manager));
            assertTrue(local.getMessage().contains(hubId) && local.getMessage().contains("not a folder"),
                    local.getMessage());
        }
    }
}
