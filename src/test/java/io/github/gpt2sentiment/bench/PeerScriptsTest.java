package io.github.gpt2sentiment.bench;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;

/**
 * The Python peers that {@code bench data} and {@code bench baseline} copy out of the jar lie beside the classes
 * that load them (CI has no Python, so nothing else would notice a script left behind by a move).
 */
class PeerScriptsTest {

    @Test
    void eachBenchFindsItsPythonPeerInTheJar() {
        assertNotNull(BenchData.class.getResource("bench_tokenize.py"), "bench_tokenize.py beside BenchData");
        assertNotNull(BenchBaseline.class.getResource("bench_zero_shot.py"), "bench_zero_shot.py beside BenchBaseline");
    }
}
