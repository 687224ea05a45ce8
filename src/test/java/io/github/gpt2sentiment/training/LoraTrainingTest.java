package io.github.gpt2sentiment.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import io.github.gpt2sentiment.model.Checkpoint;
import io.github.gpt2sentiment.model.Gpt2;
import io.github.gpt2sentiment.model.LoraAdapter;
import io.github.gpt2sentiment.model.LoraConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LoRA fine-tuning with the trainer on real IMDB reviews and a tiny random GPT-2. */
class LoraTrainingTest {

    static List<Example> train;
    static List<Example> validation;

    static final LoraConfig LORA = new LoraConfig(4, 8, 0.05, List.of("c_attn", "c_proj"));
    static final TrainingConfig SMALL = TrainerTest.SMALL.withLearningRate(1e-2);

    @BeforeAll
    static void data() {
        List<List<Example>> splits = TrainingFixtures.trainAndValidation(240, 60, 64, 11);
        train = splits.get(0);
        validation = splits.get(1);
    }

    /** A tiny random classifier saved as a base model folder, to put adapters on. */
    static Path base(Path dir) {
        Path folder = dir.resolve("base");
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Checkpoint.save(TrainerTest.model(manager, 1).model(), folder, null);
        }
        return folder;
    }

    /** Adapters on the base, drawn from a fixed engine seed (lora_A is random). */
    static Gpt2Classifier lora(Path base, NDManager manager) {
        Engine.getInstance().setRandomSeed(7);
        return Gpt2Classifier.lora(base, base.toString(), LORA, manager);
    }

    static Map<String, float[]> snapshot(Gpt2Classifier model) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Parameter p : model.block().getParameters().values()) {
            values.put(p.getName(), p.getArray().toFloatArray());
        }
        return values;
    }

    @Test
    void trainsOnlyTheAdaptersAndTheHeadAndLowersTheLoss(@TempDir Path dir) throws Exception {
        Path base = base(dir);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Gpt2Classifier model = lora(base, manager);
            Set<String> trainable = new TreeSet<>();
            for (Parameter p : model.block().getParameters().values()) {
                if (p.requiresGradient()) {
                    trainable.add(p.getName());
                }
            }
            try (AdamW optimizer = new AdamW(model.block().getParameters(), 0.01)) {
                // Optimizer state for the adapters (2 per adapted module) and the head only.
                assertEquals(trainable, new TreeSet<>(optimizer.decayedParameters()));
            }
            assertEquals(2 * 2 * 3 + 1, trainable.size(), trainable.toString());
            Map<String, float[]> before = snapshot(model);
            // A few reviews seen many times: the loss on them must fall even with the random base frozen.
            List<Example> few = train.subList(0, 32);
            double lossBefore = Validation.of(model.block(), few, 16).loss();
            TrainingConfig config = SMALL.withEpochs(8).withEvalEvery(0).withGradAccum(1).withWarmupRatio(0);
            new Trainer(config, dir.resolve("run")).fit(model, few, validation, false);
            Map<String, float[]> after = snapshot(model);
            for (String name : before.keySet()) {
                if (trainable.contains(name)) {
                    assertFalse(java.util.Arrays.equals(before.get(name), after.get(name)), name + " did not train");
                } else {
                    assertArrayEquals(before.get(name), after.get(name), name + " is frozen but changed");
                }
            }
            double lossAfter = Validation.of(model.block(), few, 16).loss();
            assertTrue(lossAfter < lossBefore, "training loss " + lossBefore + " -> " + lossAfter);
        }
    }

    @Test
    void resumedRunRepeatsTheUninterruptedOneAndLeavesAnAdapterFolder(@TempDir Path dir) throws Exception {
        Path base = base(dir);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Gpt2Classifier whole = lora(base, manager);
            TrainingResult uninterrupted = new Trainer(SMALL, dir.resolve("whole")).fit(whole, train, validation,
                    false);

            Path output = dir.resolve("split");
            Trainer first = new Trainer(SMALL, output);
            first.listener(new TrainingListener() {
                @Override
                public void onStep(StepLog log) {
                    if (log.step() == 7) {
                        first.requestStop();
                    }
                }
            });
            TrainingResult stopped = first.fit(lora(base, manager), train,
                    validation, false);
            assertTrue(stopped.interrupted());
            Path checkpoint = Checkpoints.latest(output).orElseThrow();
            assertTrue(LoraAdapter.isAdapterFolder(checkpoint));
            assertFalse(Files.exists(checkpoint.resolve(Checkpoint.WEIGHTS)), "the base is not copied");

            Gpt2Classifier resumedModel = lora(base, manager);
            TrainingResult resumed = new Trainer(SMALL, output).fit(resumedModel, train, validation, true);
            assertTrue(resumed.finished());
            assertEquals(TrainerTest.losses(uninterrupted), TrainerTest.losses(resumed));
            assertEquals(uninterrupted.history().evaluations(), resumed.history().evaluations());

            // The output folder is the best adapter: merged onto its base it gives the best validation loss.
            EvalLog best = resumed.history().evaluations().stream()
                    .min((x, y) -> Double.compare(x.valLoss(), y.valLoss())).orElseThrow();
            assertEquals(best.step(), resumed.bestStep());
            Gpt2 merged = Checkpoint.load(output, Gpt2.Head.SEQUENCE_CLASSIFICATION, manager).model();
            assertEquals(best.valLoss(), Validation.of(merged, validation, 16).loss(), 1e-5);
        }
    }
}
