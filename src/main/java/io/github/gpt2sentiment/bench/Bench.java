package io.github.gpt2sentiment.bench;

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
}
