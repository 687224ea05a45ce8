package io.github.gpt2sentiment.cli;

import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.github.gpt2sentiment.data.DataSource;
import io.github.gpt2sentiment.data.ImdbDataset;
import io.github.gpt2sentiment.data.Review;
import io.github.gpt2sentiment.data.Subsets;
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

    @Override
    public Integer call() throws Exception {
        if (!Files.isExecutable(python) || !Files.isRegularFile(script)) {
            throw new IllegalArgumentException("bench train needs the Python peer: " + python + " and " + script
                    + " (run `bash reference/setup.sh`, or pass --python and --script)");
        }
        Path reference = DataSource.referenceData();
        ImdbDataset imdb = ImdbDataset.load(data != null ? DataSource.resolve(data)
                : reference.resolve("imdb/aclImdb_v1.tar.gz"));
        List<Review> pool = imdb.train();
        Subsets.TrainValidation parts = Subsets.trainValidation(pool, (double) valSize / pool.size(), seed);
        List<Review> trainReviews = Subsets.stratified(parts.train(), steps * batch, seed);
        List<Example> train;
        List<Example> validation;
        try (Gpt2Tokenizer tokenizer = Gpt2Tokenizer.load(reference.resolve("gpt2"))) {
            train = Example.of(trainReviews, tokenizer, Truncation.head(seq));
            validation = Example.of(parts.validation(), tokenizer, Truncation.head(seq));
        }
        TrainingConfig config = TrainingConfig.defaults().withEpochs(1).withBatchSize(batch).withLearningRate(lr)
                .withMaxLength(seq).withValSize(valSize).withTrainSize(train.size()).withSeed(seed);
        System.out.printf(Locale.ROOT, "bench train: GPT-2 %d layers x %d wide (%d heads, vocab 50257), %d steps of %d"
                + " reviews <= %d tokens, lr %.1e, %d validation reviews, %d cores, load average %s%n", layers, width,
                heads, steps, batch, seq, lr, validation.size(), Runtime.getRuntime().availableProcessors(),
                loadAverage());

        Path work = Files.createTempDirectory("bench-train");
        try {
            // The trainer's own data order for epoch 0, flattened: the Python side feeds rows in this order, so
            // both see identical batches.
            List<int[]> order = Batches.bucketed(train, batch, Trainer.epochSeed(seed, 0));
            JsonObject spec = spec(train, validation, order);
            Path specFile = work.resolve("bench.json");
            Files.writeString(specFile, new Gson().toJson(spec), StandardCharsets.UTF_8);
            Path init = work.resolve("init");
            JsonObject py = runPython(specFile, init, work.resolve("python.json"));

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
            double pyPerCpu = py.get("tokens_per_cpu_second").getAsDouble();
            EvalLog last = java.history().evaluations().get(java.history().evaluations().size() - 1);
            double pyTokens = py.get("tokens_per_second").getAsDouble();
            double pyAccuracy = py.get("val_accuracy").getAsDouble();
            long pyRss = py.get("peak_rss_bytes").getAsLong();
            System.out.printf(Locale.ROOT, "%-30s %10s %14s %16s %14s%n", "", "tokens/s", "tokens/CPU s",
                    "peak RSS (MiB)", "val accuracy");
            System.out.printf(Locale.ROOT, "%-30s %,10.0f %,14.0f %,16.0f %14.4f%n", "Java (this trainer)",
                    java.tokensPerSecond(), javaPerCpu, java.peakMemory().rssBytes() / 1048576.0, last.valAccuracy());
            System.out.printf(Locale.ROOT, "%-30s %,10.0f %,14.0f %,16.0f %14.4f%n", "Python (transformers Trainer)",
                    pyTokens, pyPerCpu, pyRss / 1048576.0, pyAccuracy);
            System.out.printf(Locale.ROOT, "ratio Java/Python tokens/s: %.2f (per CPU second %.2f; goal >= 1.0); "
                    + "accuracy difference: %+.1f points (goal within 2)%n", java.tokensPerSecond() / pyTokens,
                    javaPerCpu / pyPerCpu, 100 * (last.valAccuracy() - pyAccuracy));
            System.out.printf(Locale.ROOT, "torch %s, transformers %s, %d threads; Java heap peak %.0f MiB; load "
                    + "average after: %s%n", py.get("torch").getAsString(), py.get("transformers").getAsString(),
                    py.get("torch_threads").getAsInt(), java.peakMemory().heapBytes() / 1048576.0, loadAverage());
            return 0;
        } finally {
            Checkpoints.deleteTree(work);
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
