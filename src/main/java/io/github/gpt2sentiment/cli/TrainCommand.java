package io.github.gpt2sentiment.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import io.github.gpt2sentiment.data.DataSource;
import io.github.gpt2sentiment.data.ImdbDataset;
import io.github.gpt2sentiment.evaluation.ClassifierRuns;
import io.github.gpt2sentiment.evaluation.Evaluation;
import io.github.gpt2sentiment.evaluation.RunResult;
import io.github.gpt2sentiment.files.Outputs;
import io.github.gpt2sentiment.hub.ModelSource;
import io.github.gpt2sentiment.model.ConfigJson;
import io.github.gpt2sentiment.model.LoraAdapter;
import io.github.gpt2sentiment.model.LoraConfig;
import io.github.gpt2sentiment.options.DataOption;
import io.github.gpt2sentiment.options.LoraOptions;
import io.github.gpt2sentiment.options.ModelOption;
import io.github.gpt2sentiment.pipeline.RunData;
import io.github.gpt2sentiment.scoring.Prediction;
import io.github.gpt2sentiment.scoring.ZeroShotConfig;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import io.github.gpt2sentiment.tokenization.Truncation;
import io.github.gpt2sentiment.training.Checkpoints;
import io.github.gpt2sentiment.training.Example;
import io.github.gpt2sentiment.training.Gpt2Classifier;
import io.github.gpt2sentiment.training.Gpt2LanguageModel;
import io.github.gpt2sentiment.training.ProgressBarListener;
import io.github.gpt2sentiment.training.TrainableModel;
import io.github.gpt2sentiment.training.Trainer;
import io.github.gpt2sentiment.training.TrainingConfig;
import io.github.gpt2sentiment.training.TrainingResult;
import io.github.gpt2sentiment.training.Validation;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Fine-tunes GPT-2 on IMDB reviews, the walkthrough's {@code Trainer.train()} from the command line.
 *
 * <p>Usage: {@code java -jar target/gpt2-sentiment.jar train --model gpt2 --data aclImdb_v1.tar.gz --output runs/gpt2
 * --train-size 2000}
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fine-tune GPT-2 for sentiment on IMDB reviews (the walkthrough's recipe by default).",
            "The output folder gets the best checkpoint (Hugging Face layout: loads in classify, evaluate and "
                    + "transformers), history.json/.csv, steps.csv, loss.png, accuracy.png, and the test-split "
                    + "results test_results.json/test_predictions.csv. Ctrl-C saves a checkpoint; --resume continues."})
public final class TrainCommand implements Callable<Integer> {

    private static final TrainingConfig DEFAULTS = TrainingConfig.defaults();

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Mixin
    DataOption data;

    @Option(names = "--output", required = true, paramLabel = "DIR",
            description = "New or empty folder for the run (or the run to --resume).")
    Path output;

    @Option(names = "--mode", paramLabel = "classifier|lm", defaultValue = "classifier",
            description = "classifier: GPT-2 + classification head (default); lm: the causal LM on the verbalizer.")
    String mode;

    @Option(names = "--train-size", paramLabel = "N", description = "Training reviews (default: all but validation).")
    int trainSize = DEFAULTS.trainSize();

    @Option(names = "--val-size", paramLabel = "N",
            description = "Validation reviews held out from the training split (default: ${DEFAULT-VALUE}).")
    int valSize = DEFAULTS.valSize();

    @Option(names = "--epochs", paramLabel = "E", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs = DEFAULTS.epochs();

    @Option(names = "--batch-size", paramLabel = "B", description = "Reviews per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize = DEFAULTS.batchSize();

    @Option(names = "--grad-accum", paramLabel = "A",
            description = "Micro-batches per optimizer step (default: ${DEFAULT-VALUE}).")
    int gradAccum = DEFAULTS.gradAccum();

    @Option(names = "--lr", paramLabel = "LR", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate = DEFAULTS.learningRate();

    @Option(names = "--warmup-ratio", paramLabel = "R",
            description = "Fraction of steps warming up linearly (default: ${DEFAULT-VALUE}).")
    double warmupRatio = DEFAULTS.warmupRatio();

    @Option(names = "--weight-decay", paramLabel = "W",
            description = "AdamW weight decay, not on biases or LayerNorm (default: ${DEFAULT-VALUE}).")
    double weightDecay = DEFAULTS.weightDecay();

    @Option(names = "--max-length", paramLabel = "L", description = "Tokens per review (default: ${DEFAULT-VALUE}).")
    int maxLength = DEFAULTS.maxLength();

    @Option(names = "--truncation", paramLabel = "head|tail|head+tail",
            description = "Which tokens a long review keeps (default: ${DEFAULT-VALUE}; head+tail keeps the first"
                    + " quarter and the last three quarters).")
    String truncation = DEFAULTS.truncation();

    @Option(names = "--patience", paramLabel = "P",
            description = "Stop after P evaluations without a lower validation loss (default: 0, never).")
    int patience = DEFAULTS.patience();

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the data order, dropout and head (default: ${DEFAULT-VALUE}).")
    long seed = DEFAULTS.seed();

    @Option(names = "--device", paramLabel = "cpu|gpu", description = "Where to train (default: a GPU if DJL finds one).")
    String device;

    @Option(names = "--resume", description = "Continue the interrupted run in --output from its latest checkpoint.")
    boolean resume;

    @Mixin
    LoraOptions method;

    /**
     * Shows the test run's metrics, then saves its files. The model is saved and the test run done by then, so a
     * save that fails (a full disk, a folder in the way) loses no figures: it only adds one line saying why.
     */
    static int finish(ClassifierRuns.Outcome outcome, Path json, Path csv, PrintWriter out, PrintWriter err) {
        out.println(Evaluation.summary(outcome.result()));
        try {
            outcome.save(json, csv);
            return ExitCode.OK;
        } catch (IOException | UncheckedIOException e) {
            err.println("error: the results were not saved: " + Outputs.reason(e));
            return ExitCode.FAILED;
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TrainingConfig config = ExitCode.options(spec, () -> new TrainingConfig(TrainingConfig.Mode.parse(mode),
                trainSize, valSize, epochs, batchSize, gradAccum, learningRate, warmupRatio, weightDecay, maxLength,
                truncation, patience, seed, 0, DEFAULTS.maxGradNorm()));
        boolean lm = config.mode() == TrainingConfig.Mode.LM;
        if (lm && !config.truncation().equals("head")) {
            throw ExitCode.usage(spec, "--mode lm keeps the head of each review, as the zero-shot prompt "
                    + "does; --truncation " + config.truncation() + " is for the classifier");
        }
        LoraConfig lora = ExitCode.options(spec, method::lora);
        if (lm && lora != null) {
            throw ExitCode.usage(spec, "--method lora trains a classifier; --mode lm takes --method full");
        }
        Device target = device(spec, device);
        // Everything that can be refused is refused before minutes go into reading and tokenizing reviews.
        Outputs.checkFolders(output);
        if (!resume) {
            Checkpoints.requireFresh(output);
        }
        // A LoRA checkpoint holds the adapter only: the base comes from --model again.
        Path modelFolder = resume && lora == null
                ? Checkpoints.latest(output).orElseThrow(() -> new IllegalArgumentException("Nothing to resume in "
                        + output + ": it holds no checkpoint-STEP folder"))
                : ModelSource.resolve(model.id, null);
        config.checkFits(ConfigJson.load(modelFolder).nPositions());

        Trainer trainer = new Trainer(config, output).listener(new ProgressBarListener(System.err));
        CountDownLatch done = new CountDownLatch(1);
        // Ctrl-C: let the step in progress finish, write a checkpoint, then let the JVM exit.
        Thread onInterrupt = new Thread(() -> {
            trainer.requestStop();
            try {
                done.await(10, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "train-interrupt");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try (NDManager manager = NDManager.newBaseManager(target);
                Gpt2Tokenizer tokenizer = ModelFolders.tokenizer(modelFolder)) {
            err.printf("Loading reviews from %s%n", data.path);
            ImdbDataset imdb = DataSource.load(data.path);
            // A quick run stays quick: with --train-size N the test split is sampled down to N reviews too.
            RunData splits = RunData.draw(imdb, config.valSize(), config.trainSize(), config.trainSize(), seed);

            Engine.getInstance().setRandomSeed((int) seed); // a new classification head, if the model has none
            ZeroShotConfig prompts = ZeroShotConfig.defaults().withMaxLength(config.maxLength());
            TrainableModel trainable;
            List<Example> train;
            List<Example> validation;
            if (lm) {
                Gpt2LanguageModel languageModel = Gpt2LanguageModel.load(modelFolder, manager, tokenizer, prompts);
                train = languageModel.examples(splits.train());
                validation = languageModel.examples(splits.validation());
                trainable = languageModel;
            } else {
                Truncation cut = Truncation.parse(config.truncation(), config.maxLength());
                train = Example.of(splits.train(), tokenizer, cut);
                validation = Example.of(splits.validation(), tokenizer, cut);
                trainable = lora != null ? Gpt2Classifier.lora(modelFolder, model.id, lora, manager)
                        : Gpt2Classifier.load(modelFolder, manager);
            }
            if (lora != null) {
                long count = 0;
                for (Parameter p : trainable.block().getParameters().values()) {
                    count += p.requiresGradient() ? p.getShape().size() : 0;
                }
                err.printf(Locale.ROOT, "LoRA r %d, alpha %s, dropout %s on %s: %,d trainable parameters%n",
                        lora.r(), lora.alpha(), lora.dropout(), String.join(",", lora.targets()), count);
            }
            err.printf(Locale.ROOT, "%,d training and %,d validation reviews of at most %d tokens (%s); training %s on"
                    + " %s from %s%n", train.size(), validation.size(), maxLength, lm ? "prompt + verbalizer"
                    : truncation, lm ? "the language model" : "a classifier", target, modelFolder);
            TrainingResult result = trainer.fit(trainable, train, validation, resume);
            out.println(result.history().evaluationTable().print());
            out.println(result.summary());
            out.flush();
            if (result.interrupted()) {
                err.println("Interrupted: checkpoint saved. Continue with the same command and --resume.");
                return ExitCode.INTERRUPTED;
            }
            trainable.block().getParameters().values().forEach(Parameter::close);

            // The best weights on the test split, with the evaluation package's metrics and files.
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("mode", mode);
            if (lora != null) {
                settings.put("method", Map.of("name", "lora", "r", lora.r(), "alpha", lora.alpha(), "dropout",
                        lora.dropout(), "targets", lora.targets()));
            }
            settings.put("max_length", config.maxLength());
            settings.put("truncation", config.truncation());
            settings.put("seed", config.seed());
            if (splits.test().size() < imdb.test().size()) {
                settings.put("limit", splits.test().size());
            }
            settings.put("training", Map.of("train_size", train.size(), "val_size", validation.size(),
                    "epochs", config.epochs(), "batch_size", config.batchSize(), "grad_accum", config.gradAccum(),
                    "lr", config.learningRate(), "warmup_ratio", config.warmupRatio(), "weight_decay",
                    config.weightDecay(), "best_step", result.bestStep()));
            err.printf(Locale.ROOT, "Evaluating the best checkpoint (step %d) on %,d test reviews%n", result.bestStep(),
                    splits.test().size());
            Path json = output.resolve("test_results.json");
            Path csv = output.resolve("test_predictions.csv");
            ClassifierRuns.Outcome outcome;
            if (lm) {
                Gpt2LanguageModel best = Gpt2LanguageModel.load(output, manager, tokenizer, prompts);
                settings.put("template", prompts.template());
                settings.put("verbalizers", Map.of("negative", prompts.negative(), "positive", prompts.positive()));
                long start = System.nanoTime();
                List<Prediction> predictions = best.scorer().predict(splits.test(), n -> { });
                outcome = new ClassifierRuns.Outcome(Evaluation.run("fine-tuned LM", RunResult.FINE_TUNED, model.id,
                        imdb.source().toString(), "test", predictions, settings,
                        Duration.ofNanos(System.nanoTime() - start)), predictions);
            } else {
                Gpt2Classifier best = lora != null
                        ? Gpt2Classifier.of(LoraAdapter.load(output, modelFolder, manager, true).model(), output)
                        : Gpt2Classifier.load(output, manager);
                settings.put("labels", Gpt2Classifier.LABELS);
                List<Example> test = Example.of(splits.test(), tokenizer,
                        Truncation.parse(config.truncation(), config.maxLength()));
                outcome = Validation.testRun(best.block(), test, batchSize * 2, model.id, imdb.source().toString(),
                        settings);
            }
            return finish(outcome, json, csv, out, err);
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is exiting (Ctrl-C): the hook is running and returns now that we are done.
            }
        }
    }

    /** {@code cpu}, {@code gpu}, or null for DJL's default (a GPU when it finds one). */
    static Device device(CommandSpec spec, String choice) {
        Engine engine = Engine.getInstance();
        if (choice == null) {
            return engine.defaultDevice();
        }
        return switch (choice.toLowerCase(Locale.ROOT)) {
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                if (engine.getGpuCount() == 0) {
                    throw new IllegalArgumentException("--device gpu: DJL's PyTorch engine finds no GPU here (this "
                            + "build bundles the CPU libtorch; see the README, 'GPU'), use --device cpu");
                }
                yield Device.gpu();
            }
            default -> throw ExitCode.usage(spec, "--device must be cpu or gpu, got " + choice);
        };
    }
}
