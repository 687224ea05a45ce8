package io.github.gpt2sentiment.tokenization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.gpt2sentiment.Fixtures;
import io.github.gpt2sentiment.TestData;
import io.github.gpt2sentiment.data.ImdbDataset;
import io.github.gpt2sentiment.data.Review;
import io.github.gpt2sentiment.data.Split;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GPT-2 encoding, truncation, padding and batching against the Python reference ({@code tokenizers}). */
class TokenizationTest {

    private static Gpt2Tokenizer tok;
    private static JsonObject fixture;
    private static ImdbDataset imdb;

    @BeforeAll
    static void load() {
        tok = Gpt2Tokenizer.load(TestData.gpt2Tokenizer());
        fixture = Fixtures.json("gpt2_tokenization.json");
        imdb = ImdbDataset.load(TestData.imdbArchive());
    }

    @AfterAll
    static void close() {
        tok.close();
    }

    @Test
    void encodesEdgeCasesExactlyAsPython() {
        List<String> texts = new ArrayList<>();
        for (JsonElement e : fixture.getAsJsonArray("texts")) {
            JsonObject c = e.getAsJsonObject();
            String text = c.get("text").getAsString();
            long[] expected = Fixtures.longs(c.get("ids"));
            assertArrayEquals(expected, tok.encode(text), text);
            texts.add(text);
        }
        long[][] batch = tok.encodeAll(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(Fixtures.longs(fixture.getAsJsonArray("texts").get(i).getAsJsonObject().get("ids")),
                    batch[i], texts.get(i));
        }
        assertArrayEquals(new long[] {15496, 995, 0, 770, 3807, 373, 1049, 13}, batch[0]);
    }

    @Test
    void encodesRealReviewsExactlyAsPythonAndDecodesThemBack() {
        for (JsonElement e : fixture.getAsJsonArray("reviews")) {
            Review review = review(e.getAsJsonObject());
            long[] expected = Fixtures.longs(e.getAsJsonObject().get("ids"));
            assertArrayEquals(expected, tok.encodeAll(new String[] {review.text()})[0]);
            assertEquals(review.text(), tok.decode(expected));
        }
        String[] texts = fixture.getAsJsonArray("texts").asList().stream()
                .map(t -> t.getAsJsonObject().get("text").getAsString()).toArray(String[]::new);
        assertArrayEquals(texts, tok.decodeAll(tok.encodeAll(texts)));
    }

    @Test
    void batchEncodingAgreesWithSingleEncodingOnAThousandReviews() {
        String[] texts = imdb.test().subList(0, 1000).stream().map(Review::text).toArray(String[]::new);
        long[][] batch = tok.encodeAll(texts);
        int[] counts = tok.countTokens(texts);
        for (int i = 0; i < texts.length; i += 37) {
            assertArrayEquals(tok.encode(texts[i]), batch[i]);
            assertEquals(batch[i].length, counts[i]);
        }
    }

    @Test
    void headAndTailTruncationMatchTransformers() {
        JsonObject t = fixture.getAsJsonObject("truncation");
        long[] full = tok.encode(review(t.getAsJsonObject("review")).text());
        assertTrue(full.length > 32);
        assertArrayEquals(Fixtures.longs(t.get("head16")), Truncation.head(16).apply(full));
        assertArrayEquals(Fixtures.longs(t.get("tail16")), Truncation.tail(16).apply(full));
    }

    @Test
    void headPlusTailKeepsTheFirstKAndTheLastM() {
        long[] full = tok.encode("Hello world! This movie was great. I laughed, I cried, I left happy.");
        long[] kept = Truncation.headTail(3, 4).apply(full);
        long[] expected = new long[7];
        System.arraycopy(full, 0, expected, 0, 3);
        System.arraycopy(full, full.length - 4, expected, 3, 4);
        assertArrayEquals(expected, kept);
        assertArrayEquals(new long[] {15496, 995, 0}, Arrays.copyOf(kept, 3));
        assertEquals(" happy.", tok.decode(Arrays.copyOfRange(kept, 5, 7)));

        long[] shortIds = tok.encode("Short.");
        assertSame(shortIds, Truncation.headTail(3, 4).apply(shortIds), "short texts pass untouched");
        assertArrayEquals(kept, tok.encode("Hello world! This movie was great. I laughed, I cried, I left happy.",
                Truncation.headTail(3, 4)));
    }

    @Test
    void truncationStaysWithinGpt2sContext() {
        assertEquals(1024, Truncation.headTail(512, 512).maxLength());
        assertThrows(IllegalArgumentException.class, () -> Truncation.head(1025));
        assertThrows(IllegalArgumentException.class, () -> Truncation.headTail(1000, 25));
        assertThrows(IllegalArgumentException.class, () -> Truncation.tail(0));
        assertThrows(IllegalArgumentException.class, () -> Truncation.headTail(-1, 5));
        long[][] all = tok.encodeAll(imdb.train().subList(0, 2000).stream().map(Review::text).toArray(String[]::new),
                Truncation.headTail(128, 896));
        assertTrue(Arrays.stream(all).allMatch(ids -> ids.length <= 1024));
        assertTrue(Arrays.stream(all).anyMatch(ids -> ids.length == 1024), "some IMDB reviews are longer");
    }

    @Test
    void rightAndLeftPaddingMatchTransformersWithMasks() {
        JsonObject p = fixture.getAsJsonObject("padding");
        String[] texts = p.getAsJsonArray("texts").asList().stream().map(JsonElement::getAsString)
                .toArray(String[]::new);
        for (Padding side : Padding.values()) {
            JsonObject expected = p.getAsJsonObject(side.name().toLowerCase(java.util.Locale.ROOT));
            Batch batch = tok.encodeBatch(texts, Truncation.head(1024), side);
            assertEquals(3, batch.size());
            assertArrayEquals(flatten(expected.getAsJsonArray("ids")), batch.ids(), side.name());
            assertArrayEquals(flatten(expected.getAsJsonArray("attention_mask")), batch.mask(), side.name());
        }
    }

    @Test
    void batchKnowsItsRowsLastTokensAndPositions() {
        long[][] seqs = {{1, 2, 3}, {4}, {5, 6}};
        Batch right = Batch.pad(seqs, Padding.RIGHT);
        assertArrayEquals(new long[] {1, 2, 3, 4, 50256, 50256, 5, 6, 50256}, right.ids());
        assertArrayEquals(new long[] {1, 1, 1, 1, 0, 0, 1, 1, 0}, right.mask());
        assertArrayEquals(new int[] {3, 1, 2}, right.lengths());
        assertEquals(0, right.lastTokenIndex(1));
        assertEquals(1, right.lastTokenIndex(2));
        assertArrayEquals(new long[] {4}, right.row(1));
        assertEquals(6, right.tokens());

        Batch left = Batch.pad(seqs, Padding.LEFT);
        assertArrayEquals(new long[] {1, 2, 3, 50256, 50256, 4, 50256, 5, 6}, left.ids());
        assertArrayEquals(new long[] {1, 1, 1, 0, 0, 1, 0, 1, 1}, left.mask());
        assertEquals(2, left.lastTokenIndex(1));
        assertArrayEquals(new long[] {5, 6}, left.row(2));
        assertArrayEquals(new long[] {0, 1, 2, 0, 0, 0, 0, 0, 1}, left.positionIds());

        Batch picked = Batch.pad(seqs, new int[] {2, 1}, Padding.RIGHT);
        assertArrayEquals(new long[] {5, 6, 4, 50256}, picked.ids());
        Batch fixed = Batch.pad(seqs, new int[] {1}, Padding.RIGHT, 4);
        assertEquals(4, fixed.length());
        assertThrows(IllegalArgumentException.class, () -> Batch.pad(seqs, new int[] {0}, Padding.RIGHT, 2));
    }

    @Test
    void batchBecomesInt64NDArraysOfItsShape() {
        Batch batch = tok.encodeBatch(new String[] {"Hello world!", "Bad."}, Truncation.head(8), Padding.RIGHT);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList x = batch.toNDList(manager);
            assertEquals(new Shape(2, 3), x.get(0).getShape());
            assertEquals(DataType.INT64, x.get(0).getDataType());
            assertArrayEquals(batch.ids(), x.get(0).toLongArray());
            assertArrayEquals(batch.mask(), x.get(1).toLongArray());
        }
    }

    @Test
    void batchesCoverEveryRowOnceAndDependOnlyOnTheSeed() {
        int[] lengths = imdb.train().stream().mapToInt(r -> r.text().length()).toArray();
        for (List<int[]> batches : List.of(Batching.sequential(lengths.length, 32),
                Batching.shuffled(lengths.length, 32, 1), Batching.lengthBucketed(lengths, 32, 1))) {
            Set<Integer> seen = new HashSet<>();
            batches.forEach(b -> Arrays.stream(b).forEach(seen::add));
            assertEquals(lengths.length, seen.size());
            assertEquals((lengths.length + 31) / 32, batches.size());
        }
        assertArrayEquals(Batching.lengthBucketed(lengths, 32, 1).get(5), Batching.lengthBucketed(lengths, 32, 1).get(5));
        assertNotEquals(Arrays.toString(Batching.shuffled(lengths.length, 32, 1).get(0)),
                Arrays.toString(Batching.shuffled(lengths.length, 32, 2).get(0)));
    }

    @Test
    void lengthBucketingRemovesMostPadding() {
        int[] lengths = imdb.train().stream().mapToInt(r -> r.text().length()).toArray();
        long shuffled = padding(lengths, Batching.shuffled(lengths.length, 16, 3));
        long bucketed = padding(lengths, Batching.lengthBucketed(lengths, 16, 3));
        assertTrue(bucketed * 5 < shuffled, "bucketed " + bucketed + " vs shuffled " + shuffled);
    }

    private static long padding(int[] lengths, List<int[]> batches) {
        long pad = 0;
        for (int[] b : batches) {
            int longest = Arrays.stream(b).map(i -> lengths[i]).max().orElse(0);
            for (int i : b) {
                pad += longest - lengths[i];
            }
        }
        return pad;
    }

    private static Review review(JsonObject ref) {
        Split split = Split.parse(ref.get("split").getAsString());
        int label = ref.get("label").getAsInt();
        int id = ref.get("id").getAsInt();
        return imdb.split(split).stream().filter(r -> r.label() == label && r.id() == id).findFirst().orElseThrow();
    }

    private static long[] flatten(com.google.gson.JsonArray rows) {
        return rows.asList().stream().flatMapToLong(r -> Arrays.stream(Fixtures.longs(r))).toArray();
    }
}
