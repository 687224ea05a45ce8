package io.github.gpt2sentiment.cli;

import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.github.gpt2sentiment.data.DataSource;
import io.github.gpt2sentiment.data.ImdbDataset;
import io.github.gpt2sentiment.data.Review;
import io.github.gpt2sentiment.data.Subsets;
import io.github.gpt2sentiment.model.Checkpoint;
import io.github.gpt2sentiment.model.Gpt2;
import io.github.gpt2sentiment.model.Gpt2Config;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import io.github.gpt2sentiment.tokenization.Truncation;
import io.github.gpt2sentiment.training.Batches;
import io.github.gpt2sentiment.training.Checkpoints;
import io.github.gpt2sentiment.training.EvalLog;
import io.github.gpt2sentiment.training.Example;
import io.github.gpt2sentiment.training.Gpt2Classifier;
import io.github.gpt2sentiment.training.StepLog;
import io.github.gpt2sentiment.training.Trainer;
import io.github.gpt2sentiment.training.TrainingConfig;
import io.github.gpt2sentiment.training.TrainingListener;
import io.github.gpt2sentiment.training.TrainingResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench train}: the same fine-tuning run by this project's trainer and by transformers' {@code Trainer}, on
 * the same reviews in the same batches from the same initial weights, one after the other on this machine.
 *
 * <p>Usage: {@code java -jar target/gpt2-sentiment.jar bench train --steps 100}
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fine-tune a randomly initialised GPT-2 classifier for the same steps with this trainer and "
                + "with transformers' Trainer (reference/bench_train.py), from the same weights on the same batches; "
                + "prints tokens/s, peak memory and validation accuracy of both."})
public final class BenchTrain implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "PATH",
            description = "The IMDB archive or folder (default: imdb/aclImdb_v1.tar.gz in the reference data folder).")
    String data;

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

    @Option(names = "--lr", defaultValue = "1e-3", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--python", paramLabel = "PATH", defaultValue = "reference/.venv/bin/python",
            description = "Python with torch and transformers (default: ${DEFAULT-VALUE}).")
    Path python;

    @Option(names = "--script", paramLabel = "PATH", defaultValue = "reference/bench_train.py",
            description = "The Python side (default: ${DEFAULT-VALUE}).")
    Path script;

    @Option(names = "--random-rows", description = "Train and validate on full-length rows of random token ids "
            + "instead of IMDB reviews: needs no data, and every batch is exactly --batch x --seq tokens.")
    boolean randomRows;

    @Option(names = "--no-python", description = "Measure this trainer only (from seeded random weights).")
    boolean noPython;

    @Option(names = "--precision", defaultValue = "fp32", paramLabel = "fp32",
            description = "Parameter and activation precision; only fp32 (default) is supported.")
    String precision;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Also write the figures (tokens_per_second, peak_gpu_bytes, ...) as JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (!precision.equals("fp32")) {
            // DJL 0.36 aborts the JVM when it casts to or decodes BF16, and it has no autocast: only fp32 trains.
            throw new IllegalArgumentException("--precision " + precision + " is not supported: DJL 0.36 aborts on "
                    + "bfloat16 casts and has no mixed precision; use --precision fp32");
        }
        if (!noPython && (!Files.isExecutable(python) || !Files.isRegularFile(script))) {
            throw new IllegalArgumentException("bench train needs the Python peer: " + python + " and " + script
                    + " (run `bash reference/setup.sh`, pass --python and --script, or --no-python)");
        }
        List<Example> train;
        List<Example> validation;
        if (randomRows) {
            train = randomRows(steps * batch, 1);
            validation = randomRows(valSize, 2);
        } else {
            Path reference = DataSource.referenceData();
            ImdbDataset imdb = ImdbDataset.load(data != null ? DataSource.resolve(data)
                    : reference.resolve("imdb/aclImdb_v1.tar.gz"));
            List<Review> pool = imdb.train();
            Subsets.TrainValidation parts = Subsets.trainValidation(pool, (double) valSize / pool.size(), seed);
            List<Review> trainReviews = Subsets.stratified(parts.train(), steps * batch, seed);
            try (Gpt2Tokenizer tokenizer = Gpt2Tokenizer.load(reference.resolve("gpt2"))) {
                train = Example.of(trainReviews, tokenizer, Truncation.head(seq));
                validation = Example.of(parts.validation(), tokenizer, Truncation.head(seq));
            }
        }
        TrainingConfig config = TrainingConfig.defaults().withEpochs(1).withBatchSize(batch).withLearningRate(lr)
                .withMaxLength(seq).withValSize(valSize).withTrainSize(train.size()).withSeed(seed);
        System.out.printf(Locale.ROOT, "bench train: GPT-2 %d layers x %d wide (%d heads, vocab 50257), %d steps of %d"
                + " %s <= %d tokens, lr %.1e, %d validation rows, %s, %d cores, load average %s%n", layers, width,
                heads, steps, batch, randomRows ? "random rows" : "reviews", seq, lr, validation.size(),
                ai.djl.engine.Engine.getInstance().defaultDevice(), Runtime.getRuntime().availableProcessors(),
                loadAverage());

        Path work = Files.createTempDirectory("bench-train");
        try {
            Path init = work.resolve("init");
            JsonObject py = null;
            if (noPython) {
                randomInit(init);
            } else {
                // The trainer's own data order for epoch 0, flattened: the Python side feeds rows in this order, so
                // both see identical batches.
                List<int[]> order = Batches.bucketed(train, batch, Trainer.epochSeed(seed, 0));
                Path specFile = work.resolve("bench.json");
                Files.writeString(specFile, new Gson().toJson(spec(train, validation, order)), StandardCharsets.UTF_8);
                py = runPython(specFile, init, work.resolve("python.json"));
            }

            TrainingResult java;
            long[] cpu = new long[2];
            try (NDManager manager = NDManager.newBaseManager()) {
                Gpt2Classifier model = Gpt2Classifier.load(init, manager);
                // CPU time of the training loop (all threads), as the Python side measures it: on a shared machine
                // it swings less with the neighbours than wall time.
                Trainer trainer = new Trainer(config, work.resolve("java")).listener(new TrainingListener() {
                    @Override
                    public void onStart(int firstStep, int totalSteps, int epochs) {
                        cpu[0] = processCpuNanos();
                    }

                    @Override
                    public void onStep(StepLog log) {
                        cpu[1] = processCpuNanos();
                    }
                });
                java = trainer.fit(model, train, validation, false);
            }
            long tokens = train.stream().mapToLong(Example::length).sum();
            double javaPerCpu = tokens / ((cpu[1] - cpu[0]) / 1e9);
            EvalLog last = java.history().evaluations().get(java.history().evaluations().size() - 1);
            System.out.printf(Locale.ROOT, "%-30s %10s %14s %16s %14s%n", "", "tokens/s", "tokens/CPU s",
                    "peak RSS (MiB)", "val accuracy");
            System.out.printf(Locale.ROOT, "%-30s %,10.0f %,14.0f %,16.0f %14.4f%n", "Java (this trainer)",
                    java.tokensPerSecond(), javaPerCpu, java.peakMemory().rssBytes() / 1048576.0, last.valAccuracy());
            if (java.peakMemory().deviceBytes() > 0) {
                System.out.printf(Locale.ROOT, "Java peak GPU memory in use: %,.0f MiB%n",
                        java.peakMemory().deviceBytes() / 1048576.0);
            }
            if (py != null) {
                double pyPerCpu = py.get("tokens_per_cpu_second").getAsDouble();
                double pyTokens = py.get("tokens_per_second").getAsDouble();
                double pyAccuracy = py.get("val_accuracy").getAsDouble();
                long pyRss = py.get("peak_rss_bytes").getAsLong();
                System.out.printf(Locale.ROOT, "%-30s %,10.0f %,14.0f %,16.0f %14.4f%n",
                        "Python (transformers Trainer)", pyTokens, pyPerCpu, pyRss / 1048576.0, pyAccuracy);
                System.out.printf(Locale.ROOT, "ratio Java/Python tokens/s: %.2f (per CPU second %.2f; goal >= 1.0); "
                        + "accuracy difference: %+.1f points (goal within 2)%n", java.tokensPerSecond() / pyTokens,
                        javaPerCpu / pyPerCpu, 100 * (last.valAccuracy() - pyAccuracy));
                System.out.printf(Locale.ROOT, "torch %s, transformers %s, %d threads; ", py.get("torch").getAsString(),
                        py.get("transformers").getAsString(), py.get("torch_threads").getAsInt());
            }
            System.out.printf(Locale.ROOT, "Java heap peak %.0f MiB; load average after: %s%n",
                    java.peakMemory().heapBytes() / 1048576.0, loadAverage());
            if (json != null) {
                JsonObject figures = new JsonObject();
                figures.addProperty("tokens_per_second", java.tokensPerSecond());
                figures.addProperty("tokens_per_cpu_second", javaPerCpu);
                figures.addProperty("peak_gpu_bytes", java.peakMemory().deviceBytes());
                figures.addProperty("peak_rss_bytes", java.peakMemory().rssBytes());
                figures.addProperty("peak_heap_bytes", java.peakMemory().heapBytes());
                figures.addProperty("val_accuracy", last.valAccuracy());
                figures.addProperty("device", ai.djl.engine.Engine.getInstance().defaultDevice().toString());
                figures.addProperty("precision", precision);
                figures.addProperty("layers", layers);
                figures.addProperty("width", width);
                figures.addProperty("heads", heads);
                figures.addProperty("batch", batch);
                figures.addProperty("seq", seq);
                figures.addProperty("steps", steps);
                figures.addProperty("random_rows", randomRows);
                figures.add("python", py);
                Files.writeString(json, new com.google.gson.GsonBuilder().setPrettyPrinting().serializeNulls()
                        .create().toJson(figures), StandardCharsets.UTF_8);
            }
            return 0;
        } finally {
            Checkpoints.deleteTree(work);
        }
    }

    /** Full-length rows of random token ids (never the padding id) with random labels, seeded. */
    private List<Example> randomRows(int count, int stream) {
        java.util.Random random = new java.util.Random(Trainer.epochSeed(seed, 1000 + stream));
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
    private void randomInit(Path folder) {
        ai.djl.engine.Engine.getInstance().setRandomSeed((int) seed);
        Gpt2Config config = new Gpt2Config(50257, seq, width, layers, heads, null, 1e-5f, "gelu_new", 0.1f, 0.1f,
                0.1f, 0.02f, 50256, 50256, 50256, Gpt2Classifier.LABELS);
        try (NDManager manager = NDManager.newBaseManager()) {
            Gpt2 model = new Gpt2(config, Gpt2.Head.SEQUENCE_CLASSIFICATION);
            model.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new ai.djl.ndarray.types.Shape(1, 1),
                    new ai.djl.ndarray.types.Shape(1, 1));
            Checkpoint.save(model, folder, null);
        }
    }

    private JsonObject spec(List<Example> train, List<Example> validation, List<int[]> order) {
        List<long[]> trainIds = new ArrayList<>();
        List<Integer> trainLabels = new ArrayList<>();
        for (int[] rows : order) {
            for (int row : rows) {
                trainIds.add(train.get(row).ids());
                trainLabels.add(train.get(row).label());
            }
        }
        Gson gson = new Gson();
        JsonObject spec = new JsonObject();
        spec.addProperty("seed", seed);
        spec.addProperty("layers", layers);
        spec.addProperty("width", width);
        spec.addProperty("heads", heads);
        spec.addProperty("positions", seq);
        spec.addProperty("lr", lr);
        spec.addProperty("weight_decay", TrainingConfig.defaults().weightDecay());
        spec.addProperty("batch_size", batch);
        spec.addProperty("steps", steps);
        spec.add("train_ids", gson.toJsonTree(trainIds));
        spec.add("train_labels", gson.toJsonTree(trainLabels));
        spec.add("val_ids", gson.toJsonTree(validation.stream().map(Example::ids).toList()));
        spec.add("val_labels", gson.toJsonTree(validation.stream().map(Example::label).toList()));
        return spec;
    }

    private JsonObject runPython(Path specFile, Path init, Path result) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(python.toString(), script.toString(), "--data", specFile.toString(), "--init",
                init.toString(), "--out", result.toString())
                .redirectErrorStream(true)
                .redirectOutput(specFile.resolveSibling("python.log").toFile())
                .start();
        if (!p.waitFor(2, TimeUnit.HOURS) || p.exitValue() != 0) {
            p.destroy();
            throw new IOException("The Python peer failed (" + python + " " + script + "):\n"
                    + Files.readString(specFile.resolveSibling("python.log")));
        }
        return new Gson().fromJson(Files.readString(result), JsonObject.class);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
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
