package io.github.gpt2sentiment.pipeline;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import io.github.gpt2sentiment.data.DataSource;
import io.github.gpt2sentiment.data.ImdbDataset;
import io.github.gpt2sentiment.evaluation.Bootstrap;
import io.github.gpt2sentiment.evaluation.ClassifierRuns;
import io.github.gpt2sentiment.evaluation.Evaluation;
import io.github.gpt2sentiment.evaluation.RunResult;
import io.github.gpt2sentiment.files.Outputs;
import io.github.gpt2sentiment.hub.ModelSource;
import io.github.gpt2sentiment.model.ConfigJson;
import io.github.gpt2sentiment.model.LoraAdapter;
import io.github.gpt2sentiment.model.LoraConfig;
import io.github.gpt2sentiment.scoring.Prediction;
import io.github.gpt2sentiment.scoring.ZeroShotConfig;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import io.github.gpt2sentiment.tokenization.Truncation;
import io.github.gpt2sentiment.training.Checkpoints;
import io.github.gpt2sentiment.training.Example;
import io.github.gpt2sentiment.training.Gpt2Classifier;
import io.github.gpt2sentiment.training.Gpt2LanguageModel;
import io.github.gpt2sentiment.training.TrainableModel;
import io.github.gpt2sentiment.training.Trainer;
import io.github.gpt2sentiment.training.TrainingConfig;
import io.github.gpt2sentiment.training.TrainingListener;
import io.github.gpt2sentiment.training.TrainingResult;
import io.github.gpt2sentiment.training.Validation;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Fine-tuning as every entry point runs it: the {@code train} command ({@link #train}), and {@code all} and the
 * notebooks ({@link Steps#fineTune}, which calls {@link #fit}). A {@link Plan} says what trains (a classifier or the
 * language model, every weight or LoRA adapters) and with which recipe; the run's reviews are encoded as that
 * model reads them, the trainer keeps the best weights in the output folder, and {@code train} then scores them on
 * the test reviews.
 *
 * <p>Usage:
 * <pre>{@code
 * FineTuning.Plan plan = new FineTuning.Plan("gpt2", TrainingConfig.defaults(), LoraConfig.defaults());
 * FineTuning.Outcome done = new FineTuning(plan, null, Path.of("runs/lora"), listener)
 *         .train("imdb", false, System.err::println);
 * System.out.println(Evaluation.summary(done.test().result()));
 * }</pre>
 */
public final class FineTuning {

    /**
     * What to fine-tune, and how.
     *
     * @param model  the model to start from as the user named it (a hub id or a folder): adapters and results name it
     * @param config the recipe: classifier or language model, sizes, length and truncation, optimizer, seed
     * @param lora   null to train every weight; else LoRA's settings (adapters and the head train)
     */
    public record Plan(String model, TrainingConfig config, LoraConfig lora) {

        public Plan {
            if (model == null || model.isBlank() || config == null) {
                throw new IllegalArgumentException("fine-tuning needs a model and a training configuration");
            }
            boolean lm = config.mode() == TrainingConfig.Mode.LM;
            if (lm && !config.truncation().equals("head")) {
                throw new IllegalArgumentException("--mode lm keeps the head of each review, as the zero-shot prompt "
                        + "does; --truncation " + config.truncation() + " is for the classifier");
            }
            if (lm && lora != null) {
                throw new IllegalArgumentException("--method lora trains a classifier; --mode lm takes --method full");
            }
        }

        /** Whether the language model trains on the verbalizer, rather than a classifier on the label. */
        public boolean languageModel() {
            return config.mode() == TrainingConfig.Mode.LM;
        }

        /** The zero-shot prompt and verbalizers the language model trains on, cut to the recipe's length. */
        ZeroShotConfig prompts() {
            return ZeroShotConfig.defaults().withMaxLength(config.maxLength());
        }

        /** How a classifier's review is cut to the recipe's length. */
        Truncation truncation() {
            return Truncation.parse(config.truncation(), config.maxLength());
        }
    }

    /**
     * What {@link #train} did.
     *
     * @param training the trainer's result
     * @param test     the best weights on the test reviews, not yet saved; null when training was interrupted
     */
    public record Outcome(TrainingResult training, ClassifierRuns.Outcome test) {}

    private final Plan plan;
    private final Device device;
    private final Path output;
    private final Trainer trainer;

    /**
     * @param device   where to train; null for the engine's default (a GPU when there is one)
     * @param output   the run's folder: new or empty, or the interrupted run to resume
     * @param listener who hears about updates and evaluations (a progress bar, a notebook chart)
     */
    public FineTuning(Plan plan, Device device, Path output, TrainingListener listener) {
        this.plan = plan;
        this.device = device == null ? Engine.getInstance().defaultDevice() : device;
        this.output = output;
        this.trainer = new Trainer(plan.config(), output).listener(listener);
    }

    /** Asks training to stop after the update in progress and write a checkpoint; safe from any thread (Ctrl-C). */
    public void requestStop() {
        trainer.requestStop();
    }

    /**
     * {@code train}'s whole job: refuses what can be refused before any review is read, loads the reviews, draws
     * the training and validation reviews (and as many test reviews as training reviews, so a quick run stays
     * quick), fine-tunes, and scores the best weights on the test reviews.
     *
     * @param data   {@code imdb}, an archive, an {@code aclImdb/} folder or a file of labelled reviews
     * @param resume continue the interrupted run in the output folder from its latest checkpoint
     * @param log    one line per stage (the terminal's standard error)
     */
    public Outcome train(String data, boolean resume, Consumer<String> log) throws IOException {
        TrainingConfig config = plan.config();
        Outputs.checkFolders(output);
        if (!resume) {
            Checkpoints.requireFresh(output);
        }
        // A LoRA checkpoint holds the adapter only: the base comes from the model again.
        Path modelFolder = resume && plan.lora() == null
                ? Checkpoints.latest(output).orElseThrow(() -> new IllegalArgumentException("Nothing to resume in "
                        + output + ": it holds no checkpoint-STEP folder"))
                : ModelSource.resolve(plan.model(), null);
        // Refused before the adapter's base is looked up below, which may mean a download.
        requirePlainModelForLora(modelFolder);
        // An adapter folder has no config.json of its own: its base's says how many tokens fit.
        config.checkFits(ConfigJson.load(LoraAdapter.isAdapterFolder(modelFolder)
                ? ModelSource.resolve(LoraAdapter.readSettings(modelFolder).baseModel(), null) : modelFolder)
                .nPositions());

        try (NDManager manager = NDManager.newBaseManager(device);
                Gpt2Tokenizer tokenizer = Gpt2Tokenizer.load(modelFolder)) {
            log.accept("Loading reviews from " + data);
            ImdbDataset imdb = DataSource.load(data);
            RunData splits = RunData.draw(imdb, config.valSize(), config.trainSize(), config.trainSize(),
                    config.seed());
            TrainingResult result = fit(modelFolder, splits, resume, manager, tokenizer, log);
            if (result.interrupted()) {
                return new Outcome(result, null);
            }
            log.accept(String.format(Locale.ROOT, "Evaluating the best checkpoint (step %d) on %,d test reviews",
                    result.bestStep(), splits.test().size()));
            return new Outcome(result, test(modelFolder, splits, result, manager, tokenizer));
        }
    }

    /**
     * Fine-tunes the model in {@code modelFolder} on the run's training reviews, choosing the weights by its
     * validation reviews; the best ones end up in the output folder (a model folder, or a PEFT adapter folder for
     * LoRA), with the trainer's history and checkpoints.
     */
    public TrainingResult fit(Path modelFolder, RunData data, boolean resume, Consumer<String> log)
            throws IOException {
        requirePlainModelForLora(modelFolder);
        try (NDManager manager = NDManager.newBaseManager(device);
                Gpt2Tokenizer tokenizer = Gpt2Tokenizer.load(modelFolder)) {
            return fit(modelFolder, data, resume, manager, tokenizer, log);
        }
    }

    /** peft's adapters sit on a plain model: adapters on adapters would name a base that is not one. */
    private void requirePlainModelForLora(Path modelFolder) {
        if (plan.lora() != null && LoraAdapter.isAdapterFolder(modelFolder)) {
            throw new IllegalArgumentException(modelFolder + " is a LoRA adapter already: merge it first (export "
                    + "--merge " + modelFolder + " --out DIR) and start the new adapters from DIR");
        }
    }

    private TrainingResult fit(Path modelFolder, RunData data, boolean resume, NDManager manager,
            Gpt2Tokenizer tokenizer, Consumer<String> log) throws IOException {
        // A new classification head (and LoRA's A matrices) are drawn from the engine's generator.
        Engine.getInstance().setRandomSeed((int) plan.config().seed());
        TrainableModel trainable;
        List<Example> train;
        List<Example> validation;
        if (plan.languageModel()) {
            Gpt2LanguageModel languageModel = Gpt2LanguageModel.load(modelFolder, manager, tokenizer, plan.prompts());
            train = languageModel.examples(data.train());
            validation = languageModel.examples(data.validation());
            trainable = languageModel;
        } else {
            train = Example.of(data.train(), tokenizer, plan.truncation());
            validation = Example.of(data.validation(), tokenizer, plan.truncation());
            trainable = plan.lora() == null ? Gpt2Classifier.load(modelFolder, manager)
                    : Gpt2Classifier.lora(modelFolder, plan.model(), plan.lora(), manager);
        }
        LoraConfig lora = plan.lora();
        if (lora != null) {
            log.accept(String.format(Locale.ROOT, "LoRA %s: %,d trainable parameters", lora.summary(),
                    trainable.trainableParameters()));
        }
        log.accept(String.format(Locale.ROOT, "%,d training and %,d validation reviews of at most %d tokens (%s); "
                + "training %s on %s from %s", train.size(), validation.size(), plan.config().maxLength(),
                plan.languageModel() ? "prompt + verbalizer" : plan.config().truncation(),
                plan.languageModel() ? "the language model" : "a classifier", device, modelFolder));
        TrainingResult result = trainer.fit(trainable, train, validation, resume);
        // The best weights are in the output folder; these go before the test run loads them.
        trainable.block().getParameters().values().forEach(Parameter::close);
        return result;
    }

    /**
     * The best weights in the output folder on the run's test reviews, filed as every run of the project is: metrics
     * with bootstrap intervals and reviews/s, with the per-review predictions. Not yet saved: the caller shows the
     * metrics even when {@link ClassifierRuns.Outcome#save} then fails, so a finished run is never lost.
     */
    private ClassifierRuns.Outcome test(Path modelFolder, RunData data, TrainingResult trained, NDManager manager,
            Gpt2Tokenizer tokenizer) {
        TrainingConfig config = plan.config();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("mode", config.mode().name().toLowerCase(Locale.ROOT));
        LoraConfig lora = plan.lora();
        if (lora != null) {
            settings.put("method", Map.of("name", "lora", "r", lora.r(), "alpha", lora.alpha(), "dropout",
                    lora.dropout(), "targets", lora.targets()));
        }
        settings.put("max_length", config.maxLength());
        settings.put("truncation", config.truncation());
        settings.put("seed", config.seed());
        if (data.test().size() < data.dataset().test().size()) {
            settings.put("limit", data.test().size());
        }
        settings.put("training", Map.of("train_size", data.train().size(), "val_size", data.validation().size(),
                "epochs", config.epochs(), "batch_size", config.batchSize(), "grad_accum", config.gradAccum(),
                "lr", config.learningRate(), "warmup_ratio", config.warmupRatio(), "weight_decay",
                config.weightDecay(), "best_step", trained.bestStep()));
        // The time counted (for reviews/s) is the scoring's: not loading the model, nor tokenizing.
        List<Prediction> predictions;
        long start;
        if (plan.languageModel()) {
            ZeroShotConfig prompts = plan.prompts();
            settings.put("template", prompts.template());
            settings.put("verbalizers", Map.of("negative", prompts.negative(), "positive", prompts.positive()));
            Gpt2LanguageModel best = Gpt2LanguageModel.load(output, manager, tokenizer, prompts);
            start = System.nanoTime();
            predictions = best.scorer().predict(data.test(), n -> { });
        } else {
            Gpt2Classifier best = lora != null
                    ? Gpt2Classifier.of(LoraAdapter.load(output, modelFolder, manager, true).model(), output)
                    : Gpt2Classifier.load(output, manager);
            settings.put("labels", Gpt2Classifier.LABELS);
            List<Example> test = Example.of(data.test(), tokenizer, plan.truncation());
            start = System.nanoTime();
            predictions = Validation.of(best.block(), test, config.batchSize() * 2).predictions();
        }
        Duration time = Duration.ofNanos(System.nanoTime() - start);
        RunResult run = Evaluation.run(plan.languageModel() ? "fine-tuned LM" : "fine-tuned", RunResult.FINE_TUNED,
                plan.model(), data.dataset().source().toString(), "test", predictions, settings, time,
                Bootstrap.defaults());
        return new ClassifierRuns.Outcome(run, predictions);
    }
}
