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

/**
 * The most memory a run used.
 *
 * <p>Usage: {@code System.out.println(PeakMemory.measure(Device.cpu(), 0));}
 *
 * @param heapBytes   JVM heap: the sum of the heap pools' peaks (an upper bound of the true peak)
 * @param rssBytes    the process's peak resident set ({@code VmHWM} of {@code /proc/self/status}): heap plus the
 *                    native tensors of PyTorch, which is where the model, activations and optimizer state live on
 *                    CPU; -1 where {@code /proc} is missing
 * @param deviceBytes on a GPU, the most device memory seen in use while training (sampled after every update,
 *                    device-wide as CUDA reports it); 0 on CPU
 */
public record PeakMemory(long heapBytes, long rssBytes, long deviceBytes) {

    /** Reads the peaks now; {@code deviceBytes} is what the caller sampled on the GPU (0 on CPU). */
    public static PeakMemory measure(long deviceBytes) {
        long heap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                heap += pool.getPeakUsage().getUsed();
            }
        }
        return new PeakMemory(heap, residentPeak(), deviceBytes);
    }

    /** Device memory in use now on a GPU, 0 on a CPU. */
    public static long deviceInUse(Device device) {
        return device.isGpu() ? CudaUtils.getGpuMemory(device).getUsed() : 0;
    }

    private static long residentPeak() {
        Path status = Path.of("/proc/self/status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
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
        return deviceBytes > 0 ? text + String.format(Locale.ROOT, ", GPU %.0f MiB", mib(deviceBytes)) : text;
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
