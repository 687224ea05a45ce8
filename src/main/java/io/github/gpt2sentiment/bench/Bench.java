package io.github.gpt2sentiment.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.gpt2sentiment.model.Checkpoint;
import io.github.gpt2sentiment.model.Gpt2;
import io.github.gpt2sentiment.model.Gpt2Config;
import java.nio.file.Path;
import picocli.CommandLine.Command;

/**
 * Benchmarks that print figures (never timed tests); where a Python peer exists it runs in the same invocation.
 * They live apart from the user-facing commands in {@code cli}, which only registers them as {@code bench ...}.
 *
 * <p>Usage: {@code java -jar target/gpt2-sentiment.jar bench data}
 */
@Command(
        name = "bench",
        description = "Measure throughput against the Python peers and print the figures.",
        subcommands = {BenchData.class, BenchModelCommand.class, BenchBaseline.class, BenchTrain.class})
public final class Bench {

    /** CPU time of this process so far, all threads (libtorch's included), in nanoseconds; 0 where unknown. */
    static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    /**
     * A GPT-2 of {@code config} with seeded random weights, saved to {@code folder} (with the tokenizer files of
     * {@code tokenizerDir}, or none where null) for both sides of a bench to load.
     */
    static void saveRandomGpt2(Gpt2Config config, Gpt2.Head head, int seed, Path folder, Path tokenizerDir) {
        Engine.getInstance().setRandomSeed(seed);
        try (NDManager manager = NDManager.newBaseManager()) {
            Gpt2 model = new Gpt2(config, head);
            model.initialize(manager, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1));
            Checkpoint.save(model, folder, tokenizerDir);
        }
    }
}
