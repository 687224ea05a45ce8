package io.github.gpt2sentiment.training;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The most memory a run used.
 *
 * <p>Usage:
 * <pre>{@code
 * try (PeakMemory.Sampler sampler = PeakMemory.sample()) {
 *     ... // train
 *     PeakMemory peak = sampler.peak(0);
 *     peak.residentGrowth().ifPresent(bytes -> System.out.println(bytes / 1048576 + " MiB more while training"));
 * }
 * }</pre>
 *
 * @param heapBytes           JVM heap: the sum of the heap pools' peaks (an upper bound of the true peak); tensors
 *                            are not on the heap, so this says little about a model's cost
 * @param rssBytes            the process's peak resident set ({@code VmHWM} of {@code /proc/self/status}): heap plus
 *                            the native tensors of PyTorch, which is where the model, activations and optimizer state
 *                            live on CPU; -1 where {@code /proc} is missing
 * @param rssGrowthBytes      how much the resident set grew while sampled: its peak during the sampling minus its
 *                            value when the sampling started (so what the model already held is not counted, and two
 *                            runs in one process are measured apart); -1 where {@code /proc} is missing (Linux only)
 * @param deviceBytes         on a GPU, the most device memory seen in use while training (sampled after every
 *                            update, device-wide as CUDA reports it); 0 on CPU
 */
public record PeakMemory(long heapBytes, long rssBytes, long rssGrowthBytes, long deviceBytes) {

    /** How often the sampler reads the resident set. */
    public static final long SAMPLE_MILLIS = 50;

    private static final Path STATUS = Path.of("/proc/self/status");

    /**
     * Starts sampling the resident set ({@code VmRSS}) every {@value #SAMPLE_MILLIS} ms on a daemon thread, until
     * closed. Linux only: elsewhere the sampler measures nothing and {@link #residentGrowth()} is empty.
     */
    public static Sampler sample() {
        return new Sampler();
    }

    /** The resident growth while sampled, in bytes; empty where {@code /proc/self/status} is missing (not Linux). */
    public OptionalLong residentGrowth() {
        return rssGrowthBytes < 0 ? OptionalLong.empty() : OptionalLong.of(rssGrowthBytes);
    }

    /** Device memory in use now on a GPU, 0 on a CPU. */
    public static long deviceInUse(Device device) {
        return device.isGpu() ? CudaUtils.getGpuMemory(device).getUsed() : 0;
    }

    /**
     * Reads the peak of the resident set over a piece of work. A sample every {@value #SAMPLE_MILLIS} ms can miss a
     * spike shorter than that; when the work set the process's all-time peak ({@code VmHWM} rose), that exact peak
     * is used instead.
     */
    public static final class Sampler implements AutoCloseable {
        private final long startRss;
        private final long startHwm;
        private final AtomicLong peakRss;
        private final Thread thread;

        private Sampler() {
            startRss = statusBytes("VmRSS");
            startHwm = statusBytes("VmHWM");
            peakRss = new AtomicLong(startRss);
            thread = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peakRss.accumulateAndGet(statusBytes("VmRSS"), Math::max);
                    try {
                        Thread.sleep(SAMPLE_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "peak-memory");
            thread.setDaemon(true);
            if (startRss >= 0) {
                thread.start();
            }
        }

        /** The peaks so far; {@code deviceBytes} is what the caller sampled on the GPU (0 on CPU). */
        public PeakMemory peak(long deviceBytes) {
            long heap = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                    heap += pool.getPeakUsage().getUsed();
                }
            }
            long hwm = statusBytes("VmHWM");
            long peak = Math.max(peakRss.accumulateAndGet(statusBytes("VmRSS"), Math::max),
                    hwm > startHwm ? hwm : -1);
            return new PeakMemory(heap, hwm, startRss < 0 ? -1 : peak - startRss, deviceBytes);
        }

        /** Stops the sampling thread. */
        @Override
        public void close() {
            thread.interrupt();
        }
    }

    /**
     * A {@code kB} field of {@code /proc/self/status} in bytes, -1 where it cannot be read (not Linux).
     *
     * <p>Usage: {@code long peak = PeakMemory.statusBytes("VmHWM");}
     */
    public static long statusBytes(String field) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public String toString() {
        String text = String.format(Locale.ROOT, "peak memory: JVM heap %.0f MiB, process RSS %s", mib(heapBytes),
                rssBytes < 0 ? "unknown" : String.format(Locale.ROOT, "%.0f MiB", mib(rssBytes)));
        if (rssGrowthBytes >= 0) {
            text += String.format(Locale.ROOT, " (%.0f MiB more than when training started)", mib(rssGrowthBytes));
        }
        return deviceBytes > 0 ? text + String.format(Locale.ROOT, ", GPU %.0f MiB", mib(deviceBytes)) : text;
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
