package io.github.gpt2sentiment.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonObject;
import io.github.gpt2sentiment.data.DataSource;
import io.github.gpt2sentiment.model.ConfigJson;
import io.github.gpt2sentiment.model.Gpt2;
import io.github.gpt2sentiment.model.Gpt2Config;
import io.github.gpt2sentiment.training.PeakMemory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Forward throughput and peak memory of a GPT-2 built from a config with random weights (no download), ours and
 * {@code transformers}' on the same config and batch, one after the other in the same invocation.
 *
 * <p>Usage: {@code java -jar target/gpt2-sentiment.jar bench model --batch 8 --seq 256}
 */
@Command(name = "model",
        description = "GPT-2 forward throughput (tokens/s) and peak memory on CPU: this project vs transformers.")
public final class BenchModelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "GPT-2 config.json (default: the data folder's "
            + "gpt2/config.json, GPT-2 small).")
    Path config;

    @Option(names = "--batch", defaultValue = "8", description = "Rows per forward (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seq", defaultValue = "256", description = "Tokens per row (default: ${DEFAULT-VALUE}).")
    int seq;

    @Option(names = "--runs", defaultValue = "3", description = "Timed forwards after one warm-up; the median "
            + "counts (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--head", defaultValue = "classifier", description = "classifier (what fine-tuning runs) or "
            + "lm (logits over the whole vocabulary at every position) (default: ${DEFAULT-VALUE}).")
    String head;

    @Mixin
    PythonPeerOptions.Script python = new PythonPeerOptions.Script("reference/bench_model.py");

    /** One side's figures. */
    record Figures(double tokensPerSecond, double msPerForward, double cpuSeconds, double peakRssMb,
            double baselineRssMb, int threads) {}

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!head.equals("classifier") && !head.equals("lm")) {
            err.println("error: --head must be classifier or lm");
            return 2;
        }
        if (runs < 1 || batch < 1 || seq < 1) {
            err.println("error: --runs, --batch and --seq must be positive");
            return 2;
        }
        Path configFile = config != null ? config : DataSource.referenceData().resolve("gpt2/config.json");
        Gpt2Config gpt2;
        try {
            gpt2 = ConfigJson.load(configFile);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        if (seq > gpt2.nPositions()) {
            err.println("error: --seq " + seq + " exceeds the config's " + gpt2.nPositions() + " positions");
            return 2;
        }
        out.printf(Locale.ROOT, "bench model: %s (%d layers, %d wide, vocab %d), %s head, batch %d x %d tokens, "
                + "CPU fp32, no gradients; median of %d forwards each after 1 warm-up, Java and Python "
                + "alternating%n", configFile, gpt2.nLayer(), gpt2.nEmbd(), gpt2.vocabSize(), head, batch, seq, runs);
        out.flush();

        Engine engine = Engine.getInstance(); // loads libtorch: the baseline counts the runtime, not the model
        double baseline = statusMb("VmRSS");
        String peerNote = null;
        boolean classifier = head.equals("classifier");
        Gpt2Config modelConfig = classifier ? gpt2.withPadTokenId(gpt2.eosTokenId()) : gpt2;
        double[] javaSeconds = new double[runs];
        double[] javaCpu = new double[runs];
        double[] pythonSeconds = new double[runs];
        JsonObject pythonStats = null;
        try (NDManager manager = NDManager.newBaseManager();
                PythonPeer peer = python.runs() ? python.start("bench-model", folder -> List.of(
                        python.script.toString(), "--serve", "--config", configFile.toAbsolutePath().toString(),
                        "--batch", Integer.toString(batch), "--seq", Integer.toString(seq), "--head", head)) : null) {
            engine.setRandomSeed(0);
            Gpt2 model = new Gpt2(modelConfig,
                    classifier ? Gpt2.Head.SEQUENCE_CLASSIFICATION : Gpt2.Head.LANGUAGE_MODEL);
            model.initialize(manager, DataType.FLOAT32, new Shape(batch, seq), new Shape(batch, seq));
            Shape shape = new Shape(batch, seq);
            NDList inputs = new NDList(manager.randomInteger(0, modelConfig.vocabSize() - 1, shape, DataType.INT64),
                    manager.ones(shape, DataType.INT64));
            ParameterStore store = new ParameterStore(manager, false);
            forward(model, store, inputs, manager); // warm-up
            try {
                if (peer != null) {
                    peer.await("ready");
                }
                for (int run = 0; run < runs; run++) {
                    // Alternate who goes first, so a change in machine load hits both sides alike.
                    if (peer != null && run % 2 == 1) {
                        pythonSeconds[run] = peer.request("run").get("seconds").getAsDouble();
                    }
                    long cpu = Bench.processCpuNanos();
                    javaSeconds[run] = forward(model, store, inputs, manager);
                    javaCpu[run] = (Bench.processCpuNanos() - cpu) / 1e9;
                    if (peer != null && run % 2 == 0) {
                        pythonSeconds[run] = peer.request("run").get("seconds").getAsDouble();
                    }
                }
                if (peer != null) {
                    pythonStats = peer.request("stats");
                }
            } catch (IOException | RuntimeException e) {
                peerNote = "Python peer failed: " + e.getMessage();
                pythonStats = null;
            }
        }
        double median = median(javaSeconds);
        Figures java = new Figures(batch * seq / median, median * 1000, median(javaCpu), statusMb("VmHWM"), baseline,
                threads());
        out.printf(Locale.ROOT, "%-22s %10s %11s %13s %12s %16s %8s%n", "", "tokens/s", "ms/forward",
                "CPU s/forward", "peak RSS MB", "baseline RSS MB", "threads");
        print(out, "java (this project)", java);
        if (pythonStats != null) {
            Figures py = new Figures(pythonStats.get("tokens_per_s").getAsDouble(),
                    pythonStats.get("ms_per_forward").getAsDouble(),
                    pythonStats.get("cpu_s_per_forward").getAsDouble(), pythonStats.get("peak_rss_mb").getAsDouble(),
                    pythonStats.get("baseline_rss_mb").getAsDouble(), pythonStats.get("threads").getAsInt());
            print(out, "python (transformers)", py);
            out.printf(Locale.ROOT, "ratio java/python: %.2fx tokens/s, %.2fx by CPU time; memory above baseline: "
                    + "java %.0f MB, python %.0f MB (%s, %s attention)%n", java.tokensPerSecond / py.tokensPerSecond,
                    py.cpuSeconds / java.cpuSeconds,
                    java.peakRssMb - java.baselineRssMb, py.peakRssMb - py.baselineRssMb,
                    pythonStats.get("versions").getAsString(), pythonStats.get("attention").getAsString());
            out.printf(Locale.ROOT, "seconds per forward, java: %s; python: %s%n", seconds(javaSeconds),
                    seconds(pythonSeconds));
        } else if (peerNote != null) {
            out.println(peerNote);
        }
        out.flush();
        return 0;
    }

    private static String seconds(double[] values) {
        StringBuilder s = new StringBuilder();
        for (double v : values) {
            s.append(s.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", v));
        }
        return s.toString();
    }

    /** One timed inference forward; its outputs are freed before returning. */
    private static double forward(Gpt2 model, ParameterStore store, NDList inputs, NDManager manager) {
        try (NDManager step = manager.newSubManager()) {
            long start = System.nanoTime();
            NDArray logits = model.forward(store, inputs, false).singletonOrThrow();
            long end = System.nanoTime();
            logits.attach(step);
            return (end - start) / 1e9;
        }
    }

    private static void print(PrintWriter out, String name, Figures f) {
        out.printf(Locale.ROOT, "%-22s %10.0f %11.0f %13.2f %12.0f %16.0f %8d%n", name, f.tokensPerSecond,
                f.msPerForward, f.cpuSeconds, f.peakRssMb, f.baselineRssMb, f.threads);
    }

    private static int threads() {
        try {
            return ai.djl.pytorch.jni.JniUtils.getNumThreads();
        } catch (RuntimeException | LinkageError e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** A field of /proc/self/status in MiB (NaN where there is no /proc). */
    private static double statusMb(String field) {
        long bytes = PeakMemory.statusBytes(field);
        return bytes < 0 ? Double.NaN : bytes / (1024.0 * 1024.0);
    }
}
