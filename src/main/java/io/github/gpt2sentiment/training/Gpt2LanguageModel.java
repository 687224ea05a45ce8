package io.github.gpt2sentiment.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.github.gpt2sentiment.data.Review;
import io.github.gpt2sentiment.scoring.ZeroShotClassifier;
import io.github.gpt2sentiment.scoring.ZeroShotConfig;
import io.github.gpt2sentiment.model.Checkpoint;
import io.github.gpt2sentiment.model.Devices;
import io.github.gpt2sentiment.model.Gpt2;
import io.github.gpt2sentiment.tokenization.Batching;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The walkthrough's other framing: GPT-2 stays a text generator and learns to answer. Each training sequence is the
 * zero-shot prompt around a review followed by its verbalizer ({@code "Review: ...\nSentiment: positive"}), and the
 * loss is the language model's cross-entropy on the verbalizer tokens only. Validation reports that loss, and the
 * accuracy and F1 of the zero-shot scorer ({@link ZeroShotClassifier}) run with the weights being trained, so the
 * numbers compare directly with the zero-shot baseline.
 *
 * <p>Usage:
 * <pre>{@code
 * Gpt2LanguageModel lm = Gpt2LanguageModel.load(dir, manager, tokenizer, ZeroShotConfig.defaults().withMaxLength(256));
 * List<Example> train = lm.examples(trainReviews), validation = lm.examples(validationReviews);
 * new Trainer(config.withMode(TrainingConfig.Mode.LM), output).fit(lm, train, validation, false);
 * }</pre>
 */
public final class Gpt2LanguageModel extends TrainableGpt2 {

    private final Gpt2Tokenizer tokenizer;
    private final ZeroShotConfig prompts;
    /** Review texts by example id: the zero-shot scorer builds its prompts from the text. */
    private final Map<String, String> texts = new HashMap<>();

    private Gpt2LanguageModel(Gpt2 model, Gpt2Tokenizer tokenizer, ZeroShotConfig prompts, Path tokenizerFolder) {
        super(model, tokenizerFolder);
        if (model.head() != Gpt2.Head.LANGUAGE_MODEL) {
            throw new IllegalArgumentException("LM fine-tuning needs GPT-2's language-model head, got " + model.head());
        }
        if (prompts.shots() != 0 || prompts.calibrate()) {
            throw new IllegalArgumentException("LM fine-tuning trains on zero-shot prompts: no demonstrations, no "
                    + "calibration");
        }
        this.tokenizer = tokenizer;
        this.prompts = prompts;
    }

    /**
     * Wraps an initialised language model.
     *
     * @param prompts         the template and verbalizers ({@link ZeroShotConfig#withMaxLength} bounds a sequence)
     * @param tokenizerFolder where checkpoints copy the tokenizer files from, or null
     */
    public static Gpt2LanguageModel of(Gpt2 model, Gpt2Tokenizer tokenizer, ZeroShotConfig prompts,
            Path tokenizerFolder) {
        return new Gpt2LanguageModel(model, tokenizer, prompts, tokenizerFolder);
    }

    /** Loads a GPT-2 checkpoint folder (a classifier's head, if any, is left out) on the manager's device. */
    public static Gpt2LanguageModel load(Path folder, NDManager manager, Gpt2Tokenizer tokenizer,
            ZeroShotConfig prompts) {
        Gpt2 model = Checkpoint.load(folder, Gpt2.Head.LANGUAGE_MODEL, manager).model();
        return new Gpt2LanguageModel(model, tokenizer, prompts, folder);
    }

    /** The zero-shot scorer over the current weights. */
    public ZeroShotClassifier scorer() {
        return new ZeroShotClassifier(model(), tokenizer, prompts, List.of());
    }

    /**
     * Training sequences: each review's prompt (the review cut to fit, the instruction never) followed by its
     * label's verbalizer, whose tokens carry the loss.
     */
    public List<Example> examples(List<Review> reviews) {
        ZeroShotClassifier scorer = scorer();
        long[][] verbalizers = scorer.verbalizerIds();
        List<Example> examples = new ArrayList<>(reviews.size());
        for (Review review : reviews) {
            long[] prompt = scorer.promptIds(review.text());
            long[] answer = verbalizers[review.label()];
            long[] ids = Arrays.copyOf(prompt, prompt.length + answer.length);
            System.arraycopy(answer, 0, ids, prompt.length, answer.length);
            String id = review.key();
            texts.put(id, review.text());
            examples.add(new Example(id, ids, review.label(), answer.length));
        }
        return examples;
    }

    @Override
    public Objective objective() {
        return new Objective() {
            @Override
            public TrainingConfig.Mode mode() {
                return TrainingConfig.Mode.LM;
            }

            @Override
            public NDArray loss(Block block, ParameterStore parameters, Batches.Tensors batch, boolean training) {
                return answerLoss(block, parameters, batch, training);
            }

            @Override
            public Validation evaluate(Block block, List<Example> examples, int batchSize) {
                return validate(block, examples, batchSize);
            }
        };
    }

    /**
     * Mean cross-entropy of the answer tokens, each predicted from the position before it (teacher forcing).
     * Only those rows of the {@code [B, T, vocab]} logits are normalised.
     */
    static NDArray answerLoss(Block block, ParameterStore parameters, Batches.Tensors batch, boolean training) {
        NDArray logits = block.forward(parameters, batch.inputs(), training).singletonOrThrow();
        int width = batch.width();
        List<Long> positions = new ArrayList<>();
        List<Long> targets = new ArrayList<>();
        for (int row = 0; row < batch.examples().size(); row++) {
            Example example = batch.examples().get(row);
            int first = example.length() - example.answerTokens();
            for (int t = first; t < example.length(); t++) {
                positions.add((long) row * width + t - 1);
                targets.add(example.ids()[t]);
            }
        }
        if (positions.isEmpty()) {
            throw new IllegalArgumentException("A language-model batch needs answer tokens (Example.answerTokens)");
        }
        NDManager manager = logits.getManager();
        NDArray rows = manager.create(positions.stream().mapToLong(Long::longValue).toArray());
        NDArray answers = manager.create(targets.stream().mapToLong(Long::longValue).toArray());
        long vocabulary = logits.getShape().get(2);
        NDArray picked = logits.reshape(-1, vocabulary).get(new NDIndex("{}", rows));
        NDArray logProbabilities = picked.toType(DataType.FLOAT32, false).logSoftmax(1);
        return logProbabilities.gather(answers.reshape(-1, 1), 1).mean().neg();
    }

    private Validation validate(Block block, List<Example> examples, int batchSize) {
        double lossSum = 0;
        long answerTokens = 0;
        try (NDManager manager = NDManager.newBaseManager(Devices.of(block))) {
            ParameterStore parameters = new ParameterStore(manager, false);
            for (int[] rows : Batching.byLength(Batches.lengths(examples), batchSize, Integer.MAX_VALUE)) {
                try (NDManager scope = manager.newSubManager()) {
                    Batches.Tensors batch = Batches.tensors(scope, examples, rows);
                    long tokens = batch.examples().stream().mapToLong(Example::answerTokens).sum();
                    lossSum += answerLoss(block, parameters, batch, false).getFloat() * tokens;
                    answerTokens += tokens;
                }
            }
        }
        List<String> reviewTexts = new ArrayList<>(examples.size());
        for (Example example : examples) {
            String text = texts.get(example.id());
            if (text == null) {
                throw new IllegalArgumentException("Validation review " + example.id() + " was not built by "
                        + "Gpt2LanguageModel.examples: the zero-shot scorer needs its text");
            }
            reviewTexts.add(text);
        }
        double[] pPositive = scorer().score(reviewTexts, n -> { }).pPositive();
        return Validation.of(lossSum / answerTokens, examples, pPositive);
    }
}
