package io.github.gpt2sentiment.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.gpt2sentiment.TestData;
import io.github.gpt2sentiment.data.Review;
import io.github.gpt2sentiment.data.Subsets;
import io.github.gpt2sentiment.scoring.ZeroShotConfig;
import io.github.gpt2sentiment.model.Gpt2;
import io.github.gpt2sentiment.model.Gpt2Config;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The second mode: GPT-2's own LM head learns to write the verbalizer after "Review: ...\nSentiment:". */
class LanguageModelModeTest {

    @Test
    void languageModelLearnsToAnswerWithAVerbalizer(@TempDir Path dir) throws Exception {
        List<Review> pool = TrainingFixtures.imdb().train();
        Subsets.TrainValidation parts = Subsets.trainValidation(pool, 100.0 / pool.size(), 5);
        List<Review> trainReviews = Subsets.stratified(parts.train(), 800, 5);
        TrainingConfig config = TrainingConfig.defaults().withMode(TrainingConfig.Mode.LM).withEpochs(1)
                .withBatchSize(8).withLearningRate(1e-2).withWarmupRatio(0.1).withMaxLength(48).withValSize(100)
                .withEvalEvery(0);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                Gpt2Tokenizer tokenizer = Gpt2Tokenizer.load(TestData.gpt2Tokenizer())) {
            Engine.getInstance().setRandomSeed(2);
            Gpt2Config gpt2 = new Gpt2Config(50257, 48, 32, 2, 2, null, 1e-5f, "gelu_new", 0.1f, 0.1f, 0.1f, 0.02f,
                    50256, 50256, null, List.of("LABEL_0", "LABEL_1"));
            Gpt2 lm = new Gpt2(gpt2, Gpt2.Head.LANGUAGE_MODEL);
            lm.initialize(manager, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1));
            Gpt2LanguageModel model = Gpt2LanguageModel.of(lm, tokenizer,
                    ZeroShotConfig.defaults().withMaxLength(48), null);
            List<Example> train = model.examples(trainReviews);
            List<Example> validation = model.examples(parts.validation());
            long positive = tokenizer.encode(" positive")[0];
            Example first = train.get(0);
            assertEquals(1, first.answerTokens());
            assertEquals(first.label() == 1 ? positive : tokenizer.encode(" negative")[0],
                    first.ids()[first.length() - 1], "the sequence ends with its label's verbalizer");

            // Untrained, the answer costs about ln(50257) = 10.8 nats; after 100 steps the model answers with one of
            // the two verbalizers (a coin flip between them costs ln 2 = 0.69).
            double before = model.objective().evaluate(model.block(), validation, 16).loss();
            assertTrue(before > 9, "untrained verbalizer loss " + before);
            TrainingResult result = new Trainer(config, dir.resolve("lm")).fit(model, train, validation, false);
            EvalLog after = result.history().evaluations().get(0);
            assertTrue(after.valLoss() < 1.0, "verbalizer loss after training: " + after);
            assertTrue(after.valAccuracy() >= 0 && after.valAccuracy() <= 1, "zero-shot scorer accuracy " + after);

            // A classifier's settings do not train a language model.
            IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
                    () -> new Trainer(config.withMode(TrainingConfig.Mode.CLASSIFIER), dir.resolve("x"))
                            .fit(model, train, validation, false));
            assertTrue(mismatch.getMessage().contains("mode CLASSIFIER"), mismatch.getMessage());
        }
    }
}
