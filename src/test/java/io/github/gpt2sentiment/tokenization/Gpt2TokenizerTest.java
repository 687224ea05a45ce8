package io.github.gpt2sentiment.tokenization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gpt2sentiment.TestData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class Gpt2TokenizerTest {

    @Test
    void encodesKnownIdsAndRoundTrips() {
        try (Gpt2Tokenizer tok = Gpt2Tokenizer.load(TestData.gpt2Tokenizer())) {
            String text = "Hello world! This movie was great.";
            long[] ids = tok.encode(text);
            assertArrayEquals(new long[] {15496, 995, 0, 770, 3807, 373, 1049, 13}, ids);
            assertEquals(text, tok.decode(ids));
            assertArrayEquals(ids, tok.encodeAll(new String[] {text, "x"})[0]);
        }
    }

    @Test
    void neverTruncatesSilently() {
        try (Gpt2Tokenizer tok = Gpt2Tokenizer.load(TestData.gpt2Tokenizer())) {
            long[] ids = tok.encode(" great".repeat(2000));
            assertEquals(2000, ids.length);
        }
    }

    @Test
    void missingFolderNamesThePath() {
        var e = assertThrows(IllegalArgumentException.class, () -> Gpt2Tokenizer.load(Path.of("no/such/dir")));
        assertTrue(e.getMessage().contains("no/such/dir/tokenizer.json"), e.getMessage());
    }
}
