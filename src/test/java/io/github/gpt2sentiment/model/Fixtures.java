package io.github.gpt2sentiment.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The committed outputs of reference/make_model_fixtures.py (transformers 4.57 on random tiny GPT-2s). */
final class Fixtures {

    /** Largest absolute difference allowed against transformers, fp32 on CPU. */
    static final double TOLERANCE = 1e-4;

    private Fixtures() {}

    static Path dir() {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/model").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path model(String name) {
        return dir().resolve(name);
    }

    static Safetensors expected(String name) {
        return Safetensors.open(model(name).resolve("expected.safetensors"));
    }

    /** Max |a - b| over the entries whose {@code keep} flag is set (all when keep is null). */
    static double maxAbsDiff(float[] a, float[] b, boolean[] keep) {
        assertEquals(a.length, b.length, "sizes differ");
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            if (keep == null || keep[i]) {
                assertTrue(Float.isFinite(a[i]), "non-finite value at " + i);
                max = Math.max(max, Math.abs(a[i] - b[i]));
            }
        }
        return max;
    }
}
