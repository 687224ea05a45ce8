package io.github.gpt2sentiment.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gpt2sentiment.TestData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input gets an error naming the file, the line or entry, and what was expected. */
class BadInputTest {

    @TempDir
    Path dir;

    @Test
    void missingPath() {
        Path missing = dir.resolve("nowhere/aclImdb_v1.tar.gz");
        assertMessage(() -> ImdbDataset.load(missing), missing.toString(), "no such file or folder",
                "aclImdb_v1.tar.gz");
        assertMessage(() -> DataSource.resolve(missing.toString()), missing.toString(), "'imdb'");
    }

    @Test
    void truncatedArchive() throws IOException {
        Path cut = dir.resolve("cut.tar.gz");
        byte[] real = Files.readAllBytes(TestData.imdbArchive());
        Files.write(cut, java.util.Arrays.copyOf(real, real.length / 2));
        assertMessage(() -> ImdbDataset.load(cut), cut.toString(), "truncated", "entry aclImdb/");
    }

    @Test
    void corruptArchive() throws IOException {
        Path bad = dir.resolve("corrupt.tar.gz");
        byte[] real = Files.readAllBytes(TestData.imdbArchive());
        for (int i = 0; i < 64; i++) {
            real[real.length / 3 + i] ^= 0x5a;
        }
        Files.write(bad, real);
        assertMessage(() -> ImdbDataset.load(bad), bad.toString(), "corrupt");
    }

    @Test
    void payloadThatNoLongerMatchesTheGzipChecksum() throws IOException {
        // Stored (uncompressed) deflate blocks, so a flipped byte still inflates and only the CRC can catch it.
        byte[] tar = gunzip(tarGz("ok.tar.gz", Map.of("aclImdb/train/pos/0_9.txt", "Great.".getBytes(),
                "aclImdb/test/neg/0_1.txt", "Awful.".getBytes())));
        byte[] stored = gzip(tar, java.util.zip.Deflater.NO_COMPRESSION);
        Path archive = Files.write(dir.resolve("flipped.tar.gz"), stored);
        assertTrue(ImdbDataset.load(archive).train().size() == 1, "the unflipped archive loads");
        int at = indexOf(stored, "Great.".getBytes());
        stored[at] ^= 0x01; // "Great." becomes "Freat.": still valid tar and deflate, wrong CRC
        Files.write(archive, stored);
        assertMessage(() -> ImdbDataset.load(archive), archive.toString(), "checksum");

        // A second gzip member (as `cat a.gz b.gz` makes) is checked as well.
        byte[] second = gzip(new byte[1024], java.util.zip.Deflater.NO_COMPRESSION);
        second[second.length - 8] ^= 0x01; // its CRC
        byte[] good = gzip(tar, java.util.zip.Deflater.NO_COMPRESSION);
        byte[] both = java.util.Arrays.copyOf(good, good.length + second.length);
        System.arraycopy(second, 0, both, good.length, second.length);
        Files.write(archive, both);
        assertMessage(() -> ImdbDataset.load(archive), archive.toString(), "checksum");
    }

    @Test
    void notGzipAtAll() throws IOException {
        Path bad = Files.writeString(dir.resolve("reviews.tar.gz"), "just some text\n");
        assertMessage(() -> ImdbDataset.load(bad), bad.toString(), "not a gzip stream");
    }

    @Test
    void tarHeaderWithABadChecksum() throws IOException {
        Path archive = tarGz("bad-header.tar.gz", Map.of("aclImdb/train/pos/0_9.txt", "Great.".getBytes(),
                "aclImdb/test/neg/0_1.txt", "Awful.".getBytes()));
        byte[] tar = gunzip(archive);
        tar[512 * 2 + 10] ^= 1; // the second entry's header, after the first header and its one data block
        Files.write(archive, gzip(tar));
        assertMessage(() -> ImdbDataset.load(archive), archive.toString(), "checksum",
                "aclImdb/");
    }

    @Test
    void archiveWithoutBothSplits() throws IOException {
        Path archive = tarGz("train-only.tar.gz", Map.of("aclImdb/train/pos/0_9.txt", "Great.".getBytes()));
        assertMessage(() -> ImdbDataset.load(archive), archive.toString(), "0 test reviews", "test/{pos,neg}");
    }

    @Test
    void folderWithoutTrainAndTest() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("aclImdb/train/pos"));
        assertMessage(() -> ImdbDataset.load(dir.resolve("aclImdb")), dir.resolve("aclImdb").toString(),
                "no train/ and test/", "train/{pos,neg}/");
        Files.writeString(folder.resolve("0_9.txt"), "Fine.");
        Files.createDirectories(dir.resolve("aclImdb/test/pos"));
        assertMessage(() -> ImdbDataset.load(dir.resolve("aclImdb")), "train/neg", "missing folder");
    }

    @Test
    void emptyReviewInAnArchive() throws IOException {
        Path archive = tarGz("empty.tar.gz", Map.of("aclImdb/train/pos/0_9.txt", "Great.".getBytes(),
                "aclImdb/test/neg/3_2.txt", " \n".getBytes()));
        assertMessage(() -> ImdbDataset.load(archive), archive.toString(), "entry aclImdb/test/neg/3_2.txt",
                "empty");
    }

    @Test
    void invalidUtf8InAnArchive() throws IOException {
        Path archive = tarGz("latin1.tar.gz", Map.of("aclImdb/train/pos/0_9.txt", "Great.".getBytes(),
                "aclImdb/test/neg/5_1.txt", "Caf\u00e9 awful".getBytes(StandardCharsets.ISO_8859_1)));
        assertMessage(() -> ImdbDataset.load(archive), archive.toString(), "entry aclImdb/test/neg/5_1.txt",
                "invalid UTF-8 at byte 3");
    }

    @Test
    void badlyNamedReviewFile() throws IOException {
        Path archive = tarGz("names.tar.gz", Map.of("aclImdb/train/pos/great.txt", "Great.".getBytes()));
        assertMessage(() -> ImdbDataset.load(archive), "aclImdb/train/pos/great.txt", "<id>_<rating>.txt");
    }

    @Test
    void csvWithAMissingColumn() throws IOException {
        Path csv = Files.writeString(dir.resolve("reviews.csv"), "review,sentiment\nGood film,positive\n");
        assertMessage(() -> ImdbDataset.load(csv), csv.toString(), "line 1", "no column 'text'", "[review, sentiment]");
        assertMessage(() -> ImdbDataset.load(csv, LoadOptions.defaults().withColumns("review", "label")),
                "no column 'label'");
    }

    @Test
    void emptyTextInACsv() throws IOException {
        Path csv = Files.writeString(dir.resolve("reviews.csv"), "text,label\nGood film,1\n\"\",0\nBad,0\n");
        assertMessage(() -> ImdbDataset.load(csv), csv.toString(), "line 3", "empty");
    }

    @Test
    void invalidUtf8InACsv() throws IOException {
        Path csv = dir.resolve("reviews.csv");
        Files.write(csv, "text,label\nGood,1\nCaf\u00e9 bad,0\n".getBytes(StandardCharsets.ISO_8859_1));
        assertMessage(() -> ImdbDataset.load(csv), csv.toString(), "line 3", "invalid UTF-8");
    }

    @Test
    void unknownLabel() throws IOException {
        Path tsv = Files.writeString(dir.resolve("reviews.tsv"), "text\tlabel\nGood\tpos\nMeh\tneutral\n");
        assertMessage(() -> ImdbDataset.load(tsv), tsv.toString(), "line 3", "unknown label 'neutral'",
                "1/0, pos/neg or positive/negative");
        Path jsonl = Files.writeString(dir.resolve("reviews.jsonl"), "{\"text\":\"Good\",\"label\":2}\n");
        assertMessage(() -> ImdbDataset.load(jsonl), jsonl.toString(), "line 1", "unknown label '2'");
    }

    @Test
    void wrongFieldCountAndUnclosedQuote() throws IOException {
        Path csv = Files.writeString(dir.resolve("a.csv"), "text,label\nGood,1\nBad,0,extra\n");
        assertMessage(() -> ImdbDataset.load(csv), csv.toString(), "line 3", "3 fields; expected 2");
        Path quote = Files.writeString(dir.resolve("b.csv"), "text,label\n\"Good,1\n");
        assertMessage(() -> ImdbDataset.load(quote), quote.toString(), "line 2", "never closed");
    }

    @Test
    void strayQuotesAndRowsAQuoteWouldMerge() throws IOException {
        Path inside = Files.writeString(dir.resolve("c.csv"), "text,label\nGood,1\nA \"great\" film,1\n");
        assertMessage(() -> ImdbDataset.load(inside), inside.toString(), "line 3", "stray quote",
                "A \"great\" film");
        Path after = Files.writeString(dir.resolve("d.tsv"), "text\tlabel\n\"Good\" film\t1\n");
        assertMessage(() -> ImdbDataset.load(after), after.toString(), "line 2", "after a closing quote");
        // The quote opened on line 2 closes on line 3: the old reader merged both rows into one review.
        Path merged = Files.writeString(dir.resolve("e.csv"), "text,label\n\"Good film,1\nBad \"x\",0\n");
        assertMessage(() -> ImdbDataset.load(merged), merged.toString(), "line 3", "after a closing quote");
        Path unclosedLater = Files.writeString(dir.resolve("f.csv"), "text,label\nGood,1\n\n\"Bad,0\nOk,1\n");
        assertMessage(() -> ImdbDataset.load(unclosedLater), unclosedLater.toString(), "line 4", "never closed");
    }

    @Test
    void badJsonLines() throws IOException {
        Path notJson = Files.writeString(dir.resolve("a.jsonl"), "{\"text\":\"Good\",\"label\":1}\n{oops\n");
        assertMessage(() -> ImdbDataset.load(notJson), notJson.toString(), "line 2", "not valid JSON");
        Path missing = Files.writeString(dir.resolve("b.jsonl"), "{\"review\":\"Good\",\"label\":1}\n");
        assertMessage(() -> ImdbDataset.load(missing), missing.toString(), "line 1", "no field 'text'");
        Path empty = Files.writeString(dir.resolve("c.jsonl"), "\n\n");
        assertMessage(() -> ImdbDataset.load(empty), empty.toString(), "no reviews");
    }

    @Test
    void unknownFileType() throws IOException {
        Path xlsx = Files.writeString(dir.resolve("reviews.xlsx"), "x");
        assertMessage(() -> ImdbDataset.load(xlsx), xlsx.toString(), ".csv, .tsv or .jsonl");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable load, String... parts) {
        DataException e = assertThrows(DataException.class, load);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + part + "' missing from: " + e.getMessage());
        }
    }

    private Path tarGz(String name, Map<String, byte[]> files) throws IOException {
        Path archive = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(archive));
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (var file : new java.util.TreeMap<>(files).entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setSize(file.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(file.getValue());
                tar.closeArchiveEntry();
            }
        }
        return archive;
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    private static byte[] gzip(byte[] data) throws IOException {
        return gzip(data, java.util.zip.Deflater.DEFAULT_COMPRESSION);
    }

    private static byte[] gzip(byte[] data, int level) throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new GZIPOutputStream(bytes) {
            {
                def.setLevel(level);
            }
        }) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= data.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (data[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
