package io.github.gpt2sentiment.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's own labelled reviews in CSV, TSV and JSON Lines. */
class UserFileTest {

    @TempDir
    Path dir;

    @Test
    void csvWithQuotesCommasNewlinesAndEveryLabelSpelling() throws Exception {
        Path csv = Files.writeString(dir.resolve("reviews.csv"), "\uFEFFid,text,label\r\n"
                + "a,\"Great, really \"\"great\"\".\",1\r\n"
                + "b,\"Two\nlines<br />and a break\",negative\r\n"
                + "c,Fine,POS\r\n"
                + "d,Awful,neg\r\n"
                + "e,Superb,positive\r\n"
                + "f,Dull,0\r\n");
        ImdbDataset data = ImdbDataset.load(csv);
        assertEquals(6, data.train().size());
        assertTrue(data.test().isEmpty(), "a file without a split column is all training data");
        List<Review> r = data.train();
        assertEquals(new Review(Split.TRAIN, 1, Review.NO_RATING, 1, "Great, really \"great\"."), r.get(0));
        assertEquals("Two\nlines\nand a break", r.get(1).text());
        assertEquals(List.of(1, 0, 1, 0, 1, 0), r.stream().map(Review::label).toList());
        assertEquals(List.of(1, 2, 3, 4, 5, 6), r.stream().map(Review::id).toList(), "ids are record numbers");

        ImdbDataset raw = ImdbDataset.load(csv, LoadOptions.defaults().withCleanBreaks(false));
        assertEquals("Two\nlines<br />and a break", raw.train().get(1).text());
    }

    @Test
    void tsvWithOwnColumnsAndASplitColumn() throws Exception {
        Path tsv = Files.writeString(dir.resolve("reviews.tsv"),
                "Split\tReview\tSentiment\ntrain\tGood\tpositive\ntest\tBad\tnegative\nTEST\tOkay\t1\n");
        ImdbDataset data = ImdbDataset.load(tsv, LoadOptions.defaults().withColumns("review", "sentiment"));
        assertEquals(1, data.train().size());
        assertEquals(List.of("Bad", "Okay"), data.test().stream().map(Review::text).toList());
        assertEquals(Split.TEST, data.test().get(1).split());
        assertEquals(3, data.table().rowCount());
    }

    @Test
    void jsonLinesWithNumbersStringsAndBlankLines() throws Exception {
        Path jsonl = Files.writeString(dir.resolve("reviews.jsonl"), """
                {"text": "Loved it \\u2764", "label": 1, "split": "test"}

                {"text": "Hated it", "label": "neg", "extra": [1, 2]}
                {"text": "Meh", "label": 0.0}
                """);
        ImdbDataset data = ImdbDataset.load(jsonl);
        assertEquals(List.of("Hated it", "Meh"), data.train().stream().map(Review::text).toList());
        assertEquals("Loved it \u2764", data.test().get(0).text());
        assertEquals(1, data.test().get(0).label());
    }
}
