package io.github.gpt2sentiment.training;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The resident growth counts native tensors (not on the JVM heap) made while sampling. */
class PeakMemoryTest {

    @Test
    void residentGrowthSeesNativeTensorsMadeWhileSampling() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "Linux only");
        long mib = 1024 * 1024;
        try (NDManager manager = NDManager.newBaseManager()) {
            long growth;
            try (PeakMemory.Sampler sampler = PeakMemory.sample()) {
                NDArray during = manager.ones(new Shape(64 * mib / 4)); // 64 MiB, written so resident
                growth = sampler.peak(0).residentGrowth().orElseThrow();
                during.close();
            }
            assertTrue(growth >= 60 * mib, "64 MiB of tensors, growth " + growth / mib + " MiB");
        }
    }
}
