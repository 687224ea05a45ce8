package io.github.gpt2sentiment.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.github.gpt2sentiment.evaluation.ClassifierRuns;
import io.github.gpt2sentiment.evaluation.Evaluation;
import io.github.gpt2sentiment.evaluation.ResultFiles;
import io.github.gpt2sentiment.files.Outputs;
import io.github.gpt2sentiment.options.DataOption;
import io.github.gpt2sentiment.options.LoraOptions;
import io.github.gpt2sentiment.options.ModelOption;
import io.github.gpt2sentiment.options.SeedOption;
import io.github.gpt2sentiment.pipeline.FineTuning;
import io.github.gpt2sentiment.training.ProgressBarListener;
import io.github.gpt2sentiment.training.TrainingConfig;
import io.github.gpt2sentiment.training.TrainingListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Fine-tunes GPT-2 on IMDB reviews, the walkthrough's {@code Trainer.train()} from the command line.
 *
 * <p>Usage: {@code java -jar target/gpt2-sentiment.jar train --model gpt2 --data aclImdb_v1.tar.gz --output runs/gpt2
 * --train-size 2000}
 */
@Command(name = "train", sortOptions = false,
        description = {"Fine-tune GPT-2 for sentiment on IMDB reviews (the walkthrough's recipe by default).",
            "The output folder gets the best checkpoint (Hugging Face layout: loads in classify, evaluate and "
                    + "transformers), history.json/.csv, steps.csv, loss.png, accuracy.png, and the test-split "
                    + "results test_results.json/test_predictions.csv. Ctrl-C saves a checkpoint; --resume continues."})
public final class TrainCommand extends CliCommand {

    private static final TrainingConfig DEFAULTS = TrainingConfig.defaults();

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

    @Mixin
    SeedOption seed;

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
    static int finish(ClassifierRuns.Outcome outcome, ResultFiles files, PrintWriter out, PrintWriter err) {
        out.println(Evaluation.summary(outcome.result()));
        try {
            outcome.save(files);
            return ExitCode.OK;
        } catch (IOException | UncheckedIOException e) {
            err.println("error: the results were not saved: " + Outputs.reason(e));
            return ExitCode.FAILED;
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = stdout();
        PrintWriter err = stderr();
        FineTuning.Plan plan = ExitCode.options(spec, () -> new FineTuning.Plan(model.id,
                new TrainingConfig(TrainingConfig.Mode.parse(mode), trainSize, valSize, epochs, batchSize, gradAccum,
                        learningRate, warmupRatio, weightDecay, maxLength, truncation, patience, seed.value(), 0,
                        DEFAULTS.maxGradNorm()), method.lora()));
        // The training's figures are shown as soon as it ends, before the test run.
        TrainingListener listener = new ProgressBarListener(System.err).thenOnEnd(result -> {
            out.println(result.history().evaluationTable().print());
            out.println(result.summary());
            out.flush();
        });
        FineTuning fineTuning = new FineTuning(plan, device(spec, device), output, listener);
        CountDownLatch done = new CountDownLatch(1);
        // Ctrl-C: let the step in progress finish, write a checkpoint, then let the JVM exit.
        Thread onInterrupt = new Thread(() -> {
            fineTuning.requestStop();
            try {
                done.await(10, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "train-interrupt");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            FineTuning.Outcome outcome = fineTuning.train(data.path, resume, err::println);
            if (outcome.test() == null) {
                err.println("Interrupted: checkpoint saved. Continue with the same command and --resume.");
                return ExitCode.INTERRUPTED;
            }
            return finish(outcome.test(), new ResultFiles(output.resolve("test_results.json"),
                    output.resolve("test_predictions.csv")), out, err);
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is exiting (Ctrl-C): the hook is running and returns now that we are done.
            }
        }
    }

    /** {@code cpu}, {@code gpu}, or null when not chosen: {@link FineTuning} then takes DJL's default device. */
    static Device device(CommandSpec spec, String choice) {
        if (choice == null) {
            return null;
        }
        return switch (choice.toLowerCase(Locale.ROOT)) {
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                if (Engine.getInstance().getGpuCount() == 0) {
                    throw new IllegalArgumentException("--device gpu: DJL's PyTorch engine finds no GPU here (this "
                            + "build bundles the CPU libtorch; see the README, 'GPU'), use --device cpu");
                }
                yield Device.gpu();
            }
            default -> throw ExitCode.usage(spec, "--device must be cpu or gpu, got " + choice);
        };
    }
}
