package io.github.gpt2sentiment.bench;

import ai.djl.ndarray.NDManager;
import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.annotations.SerializedName;
import io.github.gpt2sentiment.charts.Charts;
import io.github.gpt2sentiment.data.DataSource;
import io.github.gpt2sentiment.data.ImdbDataset;
import io.github.gpt2sentiment.data.Review;
import io.github.gpt2sentiment.data.Subsets;
import io.github.gpt2sentiment.model.Checkpoint;
import io.github.gpt2sentiment.model.ConfigJson;
import io.github.gpt2sentiment.model.Gpt2;
import io.github.gpt2sentiment.model.Gpt2Config;
import io.github.gpt2sentiment.model.LoraAdapter;
import io.github.gpt2sentiment.model.LoraConfig;
import io.github.gpt2sentiment.options.LoraOptions;
import io.github.gpt2sentiment.options.SeedOption;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import io.github.gpt2sentiment.tokenization.Truncation;
import io.github.gpt2sentiment.training.Batches;
import io.github.gpt2sentiment.training.Checkpoints;
import io.github.gpt2sentiment.training.EvalLog;
import io.github.gpt2sentiment.training.Example;
import io.github.gpt2sentiment.training.Gpt2Classifier;
import io.github.gpt2sentiment.training.LossAgreement;
import io.github.gpt2sentiment.training.StepLog;
import io.github.gpt2sentiment.training.Trainer;
import io.github.gpt2sentiment.training.TrainingConfig;
import io.github.gpt2sentiment.training.TrainingListener;
import io.github.gpt2sentiment.training.TrainingCharts;
import io.github.gpt2sentiment.training.TrainingResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bench train}: the same fine-tuning run by this project's trainer and by transformers' {@code Trainer}, on
 * the same reviews in the same batches from the same initial weights, one after the other on this machine. With
 * {@code --method lora} both sides train the same LoRA adapters (the Python side with {@code peft}), from the same
 * base and the same initial adapter.
 *
 * <p>Usage: {@code java -jar target/gpt2-sentiment.jar bench train --steps 100 --method lora}
 */
@Command(name = "train", sortOptions = false,
        description = {"Fine-tune a randomly initialised GPT-2 classifier for the same steps with this trainer and "
                + "with transformers' Trainer (reference/bench_train.py), from the same weights on the same batches; "
                + "prints tokens/s, peak memory and validation accuracy of both. --method lora: the same LoRA "
                + "adapters on both sides (peft on the Python side)."})
public final class BenchTrain implements Callable<Integer> {

    @Mixin
    ImdbArchiveOption data;

    @Option(names = "--layers", defaultValue = "4", description = "Transformer blocks (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--width", defaultValue = "256", description = "Model width n_embd (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--heads", defaultValue = "4", description = "Attention heads (default: ${DEFAULT-VALUE}).")
    int heads;

    @Option(names = "--seq", defaultValue = "256", description = "Tokens per review (default: ${DEFAULT-VALUE}).")
    int seq;

    @Option(names = "--batch", defaultValue = "8", description = "Reviews per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--steps", defaultValue = "300", description = "Optimizer steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--val-size", defaultValue = "500",
            description = "Validation reviews both sides classify after training (default: ${DEFAULT-VALUE}).")
    int valSize;

    @Option(names = "--lr", defaultValue = "2e-4", description = "Peak learning rate (default: ${DEFAULT-VALUE}: "
            + "with dropout 0 both sides stay equal to float rounding for all 300 steps there, while at 1e-3 rounding "
            + "grows until the curves part; see docs/trainer-equivalence.md).")
    double lr;

    @Mixin
    SeedOption seed;

    @Mixin
    PythonPeerOptions.Script python = new PythonPeerOptions.Script("reference/bench_train.py");

    @Option(names = "--random-rows", description = "Train and validate on full-length rows of random token ids "
            + "instead of IMDB reviews: needs no data, and every batch is exactly --batch x --seq tokens.")
    boolean randomRows;

    @Option(names = "--precision", defaultValue = "fp32", paramLabel = "fp32",
            description = "Parameter and activation precision; only fp32 (default) is supported.")
    String precision;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Also write the figures (tokens_per_second, peak_gpu_bytes, ...) as JSON.")
    Path json;

    @Option(names = "--dropout", defaultValue = "0.1",
            description = "Dropout probability (embeddings, attention, residual) on both sides (default: "
                    + "${DEFAULT-VALUE}, GPT-2's); 0 takes the only randomness out of training, so both sides' "
                    + "per-step losses must agree.")
    float dropout;

    @Option(names = "--seeds", defaultValue = "1",
            description = "Runs, with seeds --seed, --seed + 1, ... (new weights, reviews, order and dropout each); "
                    + "prints the mean and spread of each side's accuracy (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--plot", paramLabel = "FILE",
            description = "Draw both sides' training loss per step (first seed) into this PNG.")
    Path plot;

    @Mixin
    LoraOptions method;

    /** {@link #method}'s LoRA settings, null for full fine-tuning: set by {@link #call}. */
    private LoraConfig lora;

    /** Leading steps whose losses must agree to a relative {@link #HEAD_TOLERANCE} with dropout 0. */
    static final int HEAD_STEPS = 20;
    static final double HEAD_TOLERANCE = 2e-3;
    /** The relative difference reported as the point where the curves part. */
    static final double PARTED = 0.01;

    /** Records as JSON, their components' names in snake case, as the Python side spells them. */
    private static final Gson SNAKE_CASE = new GsonBuilder()
            .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).serializeSpecialFloatingPointValues()
            .create();

    /** One seed's run of both sides. */
    private record Run(long seed, TrainingResult java, double javaPerCpu, JsonObject python) {

        double javaAccuracy() {
            List<EvalLog> evaluations = java.history().evaluations();
            return evaluations.get(evaluations.size() - 1).valAccuracy();
        }

        double[] javaLosses() {
            return java.history().steps().stream().mapToDouble(StepLog::loss).toArray();
        }

        double[] pythonLosses() {
            return new Gson().fromJson(python.get("losses"), double[].class);
        }

        LossAgreement agreement() {
            return LossAgreement.of(javaLosses(), pythonLosses(), HEAD_STEPS, PARTED);
        }

        /** The Python side's validation accuracy, null where it did not run. */
        Double pythonAccuracy() {
            return python != null ? python.get("val_accuracy").getAsDouble() : null;
        }
    }

    /** One seed's accuracies in {@code --json}'s runs (the Python side's absent where it did not run). */
    private record SeedAccuracy(long seed, double valAccuracy, Double pythonValAccuracy) {}

    /** {@code --json}'s loss_agreement: how far the two sides' per-step losses are apart. */
    private record LossFigures(int headSteps, double maxRelativeDifferenceHead, double maxRelativeDifference,
            @SerializedName("first_step_beyond_1_percent") int firstStepBeyond) {}

    @Spec
    CommandSpec spec;

    /** An option value refused: a usage error (exit 2), as the other commands' (see cli's ExitCode). */
    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    @Override
    public Integer call() throws Exception {
        if (!precision.equals("fp32")) {
            // DJL 0.36 aborts the JVM when it casts to or decodes BF16, and it has no autocast: only fp32 trains.
            throw usage("--precision " + precision + " is not supported: DJL 0.36 aborts on "
                    + "bfloat16 casts and has no mixed precision; use --precision fp32");
        }
        if (seeds < 1 || !(dropout >= 0 && dropout < 1)) {
            throw usage("--seeds must be at least 1 (got " + seeds + ") and --dropout in "
                    + "[0, 1) (got " + dropout + ")");
        }
        python.require();
        if (plot != null && python.off) {
            throw usage("--plot compares both sides' losses: drop --no-python");
        }
        try {
            lora = method.lora();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        List<Review> pool = null;
        if (!randomRows) {
            pool = ImdbDataset.load(data.archive()).train();
        }
        System.out.printf(Locale.ROOT, "bench train: GPT-2 %d layers x %d wide (%d heads, vocab 50257), %s, %d steps"
                + " of %d %s <= %d tokens, lr %.1e, dropout %s, %d validation rows, %d seed(s) from %d, %s, %d cores, "
                + "load average %s%n", layers, width, heads,
                lora == null ? "full fine-tuning" : "LoRA " + lora.summary(), steps, batch,
                randomRows ? "random rows" : "reviews", seq, lr, dropout, valSize, seeds, seed.value(),
                ai.djl.engine.Engine.getInstance().defaultDevice(), Runtime.getRuntime().availableProcessors(),
                loadAverage());
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < seeds; i++) {
            Run run = runOnce((long) seed.value() + i, pool);
            runs.add(run);
            print(run);
        }
        if (seeds > 1) {
            printSpread(runs);
        }
        Run first = runs.get(0);
        if (plot != null) {
            Map<String, double[]> curves = new LinkedHashMap<>();
            curves.put(lora != null ? "transformers Trainer + peft" : "transformers Trainer", first.pythonLosses());
            curves.put("this trainer", first.javaLosses());
            Charts.savePng(TrainingCharts.lossCurves(String.format(Locale.ROOT, "GPT-2 %d x %d%s, lr %.0e, dropout "
                    + "%s, seed %d: training loss per step", layers, width, lora != null ? ", LoRA r " + lora.r() : "",
                    lr, dropout, first.seed), curves), plot);
            System.out.println("Loss curves: " + plot);
        }
        if (json != null) {
            writeJson(runs);
        }
        return 0;
    }

    /**
     * Trains both sides once with {@code runSeed}. Full fine-tuning: Python first (it writes the initial weights),
     * then Java. LoRA: Java writes the base and draws the adapters (A Kaiming-uniform, B zero) and saves them as a
     * peft adapter folder, Python trains that very adapter on that base, then Java trains its copy.
     */
    private Run runOnce(long runSeed, List<Review> pool) throws IOException, InterruptedException {
        List<Example> train;
        List<Example> validation;
        if (randomRows) {
            train = randomRows(runSeed, steps * batch, 1);
            validation = randomRows(runSeed, valSize, 2);
        } else {
            Subsets.TrainValidation parts = Subsets.trainValidation(pool, (double) valSize / pool.size(), runSeed);
            List<Review> trainReviews = Subsets.stratified(parts.train(), steps * batch, runSeed);
            try (Gpt2Tokenizer tokenizer = Gpt2Tokenizer.load(DataSource.referenceData().resolve("gpt2"))) {
                train = Example.of(trainReviews, tokenizer, Truncation.head(seq));
                validation = Example.of(parts.validation(), tokenizer, Truncation.head(seq));
            }
        }
        TrainingConfig config = TrainingConfig.defaults().withEpochs(1).withBatchSize(batch).withLearningRate(lr)
                .withMaxLength(seq).withValSize(valSize).withTrainSize(train.size()).withSeed(runSeed);
        Path work = Files.createTempDirectory("bench-train");
        try {
            Path init = work.resolve("init");
            Path specFile = work.resolve("bench.json");
            JsonObject py = null;
            if (!python.off) {
                // The trainer's own data order for epoch 0, flattened: the Python side feeds rows in this order, so
                // both see identical batches.
                List<int[]> order = Batches.bucketed(train, batch, Trainer.epochSeed(runSeed, 0));
                Files.writeString(specFile, SNAKE_CASE.toJson(spec(runSeed, train, validation, order)),
                        StandardCharsets.UTF_8);
            }
            if (python.off || lora != null) {
                randomInit(init, runSeed);
            } else {
                py = runPython(work, specFile, init, null);
            }
            long[] cpu = new long[2];
            TrainingResult java;
            try (NDManager manager = NDManager.newBaseManager()) {
                // LoRA's A is drawn from the engine's generator, which randomInit seeded.
                Gpt2Classifier model = lora != null
                        ? Gpt2Classifier.lora(init, init.toAbsolutePath().toString(), lora, manager)
                        : Gpt2Classifier.load(init, manager);
                Gpt2Config loaded = model.model().config();
                if (loaded.embdPdrop() != dropout || loaded.attnPdrop() != dropout || loaded.residPdrop() != dropout) {
                    throw new IllegalStateException("The initial model in " + init + " has dropout " + loaded
                            .embdPdrop() + "/" + loaded.attnPdrop() + "/" + loaded.residPdrop() + ", not " + dropout);
                }
                if (lora != null && !python.off) {
                    Path adapter = work.resolve("adapter");
                    LoraAdapter.save(model.model(), adapter, init.toAbsolutePath().toString(), null);
                    py = runPython(work, specFile, init, adapter);
                }
                // CPU time of the training loop (all threads), as the Python side measures it: on a shared machine
                // it swings less with the neighbours than wall time. Read at the start and after the last update
                // only: the clock walks every thread of the JVM, a measurable cost per step on a small model.
                Trainer trainer = new Trainer(config, work.resolve("java")).listener(new TrainingListener() {
                    private int lastStep;

                    @Override
                    public void onStart(int firstStep, int totalSteps, int epochs) {
                        lastStep = totalSteps;
                        cpu[0] = Bench.processCpuNanos();
                    }

                    @Override
                    public void onStep(StepLog log) {
                        if (log.step() == lastStep) {
                            cpu[1] = Bench.processCpuNanos();
                        }
                    }
                });
                java = trainer.fit(model, train, validation, false);
            }
            long tokens = train.stream().mapToLong(Example::length).sum();
            return new Run(runSeed, java, tokens / ((cpu[1] - cpu[0]) / 1e9), py);
        } finally {
            Checkpoints.deleteTree(work);
        }
    }

    private void print(Run run) {
        TrainingResult java = run.java;
        System.out.printf(Locale.ROOT, "seed %d%n%-30s %10s %14s %16s %14s %14s%n", run.seed, "", "tokens/s",
                "tokens/CPU s", "peak RSS (MiB)", "val accuracy", "trainable");
        System.out.printf(Locale.ROOT, "%-30s %,10.0f %,14.0f %,16.0f %14.4f %,14d%n", "Java (this trainer)",
                java.tokensPerSecond(), run.javaPerCpu, java.peakMemory().rssBytes() / 1048576.0,
                run.javaAccuracy(), java.trainableParameters());
        if (java.peakMemory().deviceBytes() > 0) {
            System.out.printf(Locale.ROOT, "Java peak GPU memory in use: %,.0f MiB%n",
                    java.peakMemory().deviceBytes() / 1048576.0);
        }
        JsonObject py = run.python;
        if (py != null) {
            double pyPerCpu = py.get("tokens_per_cpu_second").getAsDouble();
            double pyTokens = py.get("tokens_per_second").getAsDouble();
            double pyAccuracy = run.pythonAccuracy();
            long pyRss = py.get("peak_rss_bytes").getAsLong();
            System.out.printf(Locale.ROOT, "%-30s %,10.0f %,14.0f %,16.0f %14.4f %,14d%n", pythonName(), pyTokens,
                    pyPerCpu, pyRss / 1048576.0, pyAccuracy, py.get("trainable_parameters").getAsLong());
            System.out.printf(Locale.ROOT, "ratio Java/Python tokens/s: %.2f (per CPU second %.2f; goal >= 1.0); "
                    + "peak RSS ratio %.2f; accuracy difference: %+.1f points (goal within 2)%n",
                    java.tokensPerSecond() / pyTokens, run.javaPerCpu / pyPerCpu,
                    (double) java.peakMemory().rssBytes() / pyRss, 100 * (run.javaAccuracy() - pyAccuracy));
            printSteps(run);
            System.out.printf(Locale.ROOT, "torch %s, transformers %s%s, %d threads; ", py.get("torch").getAsString(),
                    py.get("transformers").getAsString(), py.has("peft") ? ", peft " + py.get("peft").getAsString()
                    : "", py.get("torch_threads").getAsInt());
        }
        System.out.printf(Locale.ROOT, "Java heap peak %.0f MiB; load average after: %s%n",
                java.peakMemory().heapBytes() / 1048576.0, loadAverage());
    }

    /** A few steps side by side, and where the loss curves part. */
    private void printSteps(Run run) {
        List<StepLog> ours = run.java.history().steps();
        double[] theirLosses = run.pythonLosses();
        double[] theirRates = new Gson().fromJson(run.python.get("learning_rates"), double[].class);
        double[] theirNorms = new Gson().fromJson(run.python.get("grad_norms"), double[].class);
        System.out.printf(Locale.ROOT, "%6s %12s %12s %10s %10s %10s %10s %10s%n", "step", "loss Java", "loss Python",
                "rel. diff", "lr Java", "lr Python", "|g| Java", "|g| Python");
        int n = Math.min(ours.size(), theirLosses.length);
        for (int step = 1; step <= n; step++) {
            if (step <= 3 || step == 10 || step == HEAD_STEPS || step % 100 == 0 || step == n) {
                StepLog log = ours.get(step - 1);
                System.out.printf(Locale.ROOT, "%6d %12.6f %12.6f %10.2e %10.3e %10.3e %10.4f %10.4f%n", step,
                        log.loss(), theirLosses[step - 1], LossAgreement.relativeDifference(log.loss(),
                                theirLosses[step - 1]), log.learningRate(),
                        step <= theirRates.length ? theirRates[step - 1] : Double.NaN, log.gradNorm(),
                        step <= theirNorms.length ? theirNorms[step - 1] : Double.NaN);
            }
        }
        LossAgreement agreement = run.agreement();
        System.out.printf(Locale.ROOT, "per-step training loss: largest relative difference %.2e over the first %d "
                + "steps (%s), %.2e over all %d; %s%n", agreement.maxRelativeInHead(), agreement.head(),
                deterministic() ? "goal <= " + HEAD_TOLERANCE + " with dropout 0: "
                        + (agreement.maxRelativeInHead() <= HEAD_TOLERANCE ? "met" : "NOT met")
                        : "dropout draws differ between the sides, so only --dropout 0"
                                + (lora != null ? " --lora-dropout 0" : "") + " should agree",
                agreement.maxRelative(), agreement.steps(), agreement.firstStepBeyond() == 0
                        ? "no step differs by more than 1 %"
                        : "first step differing by more than 1 %: " + agreement.firstStepBeyond());
    }

    private void printSpread(List<Run> runs) {
        double[] ours = runs.stream().mapToDouble(Run::javaAccuracy).toArray();
        System.out.printf(Locale.ROOT, "accuracy over %d seeds (mean, sample standard deviation, min-max):%n",
                runs.size());
        System.out.printf(Locale.ROOT, "%-30s %s%n", "Java (this trainer)", spread(ours));
        if (!python.off) {
            double[] theirs = runs.stream().mapToDouble(Run::pythonAccuracy).toArray();
            System.out.printf(Locale.ROOT, "%-30s %s%n", pythonName(), spread(theirs));
            System.out.printf(Locale.ROOT, "difference of the means: %+.1f points (goal within 2)%n",
                    100 * (mean(ours) - mean(theirs)));
        }
    }

    private String pythonName() {
        return lora != null ? "Python (Trainer + peft)" : "Python (transformers Trainer)";
    }

    /** Whether training draws no random numbers (no dropout anywhere), so both sides' losses must agree. */
    private boolean deterministic() {
        return dropout == 0 && (lora == null || lora.dropout() == 0);
    }

    private static String spread(double[] values) {
        return String.format(Locale.ROOT, "%.4f ± %.4f (%.4f-%.4f)", mean(values), standardDeviation(values),
                Arrays.stream(values).min().orElseThrow(), Arrays.stream(values).max().orElseThrow());
    }

    static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    /** The sample standard deviation (n - 1), 0 for a single value. */
    static double standardDeviation(double[] values) {
        if (values.length < 2) {
            return 0;
        }
        double mean = mean(values);
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return Math.sqrt(sum / (values.length - 1));
    }

    private void writeJson(List<Run> runs) throws IOException {
        Run run = runs.get(0);
        TrainingResult java = run.java;
        Gson gson = new Gson();
        JsonObject figures = new JsonObject();
        figures.addProperty("tokens_per_second", java.tokensPerSecond());
        figures.addProperty("tokens_per_cpu_second", run.javaPerCpu);
        figures.addProperty("peak_gpu_bytes", java.peakMemory().deviceBytes());
        figures.addProperty("peak_rss_bytes", java.peakMemory().rssBytes());
        figures.addProperty("peak_heap_bytes", java.peakMemory().heapBytes());
        figures.addProperty("val_accuracy", run.javaAccuracy());
        figures.addProperty("trainable_parameters", java.trainableParameters());
        figures.addProperty("method", lora != null ? "lora" : "full");
        if (lora != null) {
            figures.add("lora", gson.toJsonTree(lora)); // r, alpha, dropout, targets
        }
        figures.addProperty("device", ai.djl.engine.Engine.getInstance().defaultDevice().toString());
        figures.addProperty("precision", precision);
        figures.addProperty("layers", layers);
        figures.addProperty("width", width);
        figures.addProperty("heads", heads);
        figures.addProperty("batch", batch);
        figures.addProperty("seq", seq);
        figures.addProperty("steps", steps);
        figures.addProperty("lr", lr);
        figures.addProperty("dropout", dropout);
        figures.addProperty("seed", run.seed);
        figures.addProperty("random_rows", randomRows);
        List<StepLog> logs = java.history().steps();
        figures.add("losses", gson.toJsonTree(run.javaLosses()));
        figures.add("learning_rates", gson.toJsonTree(logs.stream().mapToDouble(StepLog::learningRate).toArray()));
        figures.add("grad_norms", gson.toJsonTree(logs.stream().mapToDouble(StepLog::gradNorm).toArray()));
        figures.add("python", run.python);
        if (run.python != null) {
            LossAgreement a = run.agreement();
            figures.add("loss_agreement", SNAKE_CASE.toJsonTree(new LossFigures(a.head(), a.maxRelativeInHead(),
                    a.maxRelative(), a.firstStepBeyond())));
        }
        if (runs.size() > 1) {
            figures.add("runs", SNAKE_CASE.toJsonTree(runs.stream()
                    .map(r -> new SeedAccuracy(r.seed, r.javaAccuracy(), r.pythonAccuracy())).toList()));
            double[] ours = runs.stream().mapToDouble(Run::javaAccuracy).toArray();
            figures.addProperty("val_accuracy_mean", mean(ours));
            figures.addProperty("val_accuracy_sd", standardDeviation(ours));
            if (!python.off) {
                double[] theirs = runs.stream().mapToDouble(Run::pythonAccuracy).toArray();
                figures.addProperty("python_val_accuracy_mean", mean(theirs));
                figures.addProperty("python_val_accuracy_sd", standardDeviation(theirs));
            }
        }
        Files.writeString(json, new com.google.gson.GsonBuilder().setPrettyPrinting().serializeNulls()
                .serializeSpecialFloatingPointValues().create().toJson(figures), StandardCharsets.UTF_8);
    }

    /** Full-length rows of random token ids (never the padding id) with random labels, seeded. */
    private List<Example> randomRows(long runSeed, int count, int stream) {
        java.util.Random random = new java.util.Random(Trainer.epochSeed(runSeed, 1000 + stream));
        List<Example> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long[] ids = new long[seq];
            for (int t = 0; t < seq; t++) {
                ids[t] = random.nextInt((int) Gpt2Tokenizer.END_OF_TEXT);
            }
            rows.add(new Example("random/" + stream + "/" + i, ids, random.nextInt(2)));
        }
        return rows;
    }

    /** A seeded random GPT-2 classifier of the asked size, saved where the Python side would have put its own. */
    private void randomInit(Path folder, long runSeed) {
        // transformers' GPT2Config defaults are GPT-2 small's, so no data folder is needed (--random-rows).
        Gpt2Config config = ConfigJson.parse("{}", "GPT-2 small").resized(seq, width, layers, heads)
                .withDropout(dropout, dropout, dropout).withPadTokenId(50256).withLabels(Gpt2Classifier.LABELS);
        Checkpoint.saveRandom(config, Gpt2.Head.SEQUENCE_CLASSIFICATION, (int) runSeed, folder, null);
    }

    /** What bench_train.py reads (its --data): the settings, and the rows, training rows in batch order. */
    private record PeerSpec(long seed, float dropout, int layers, int width, int heads, int positions, double lr,
            double weightDecay, int batchSize, int steps, List<long[]> trainIds, List<Integer> trainLabels,
            List<long[]> valIds, List<Integer> valLabels) {}

    private PeerSpec spec(long runSeed, List<Example> train, List<Example> validation, List<int[]> order) {
        List<long[]> trainIds = new ArrayList<>();
        List<Integer> trainLabels = new ArrayList<>();
        for (int[] rows : order) {
            for (int row : rows) {
                trainIds.add(train.get(row).ids());
                trainLabels.add(train.get(row).label());
            }
        }
        return new PeerSpec(runSeed, dropout, layers, width, heads, seq, lr, TrainingConfig.defaults().weightDecay(),
                batch, steps, trainIds, trainLabels, validation.stream().map(Example::ids).toList(),
                validation.stream().map(Example::label).toList());
    }

    /** Runs the Python side; {@code adapter}: the peft adapter folder it trains on {@code init}, or null (full). */
    private JsonObject runPython(Path work, Path specFile, Path init, Path adapter) throws IOException {
        Path result = work.resolve("python.json");
        List<String> args = new ArrayList<>(List.of(python.script.toString(), "--data", specFile.toString(),
                "--init", init.toString(), "--out", result.toString()));
        if (adapter != null) {
            args.addAll(List.of("--adapter", adapter.toString()));
        }
        try (PythonPeer peer = python.start("bench-train-py", folder -> args)) {
            peer.result(); // its end, checked; its last line leaves out the per-step lists that --out holds
        }
        return new Gson().fromJson(Files.readString(result), JsonObject.class);
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
