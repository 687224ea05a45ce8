package io.github.gpt2sentiment.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the official {@code aclImdb_v1.tar.gz} as a stream, without extracting it. */
final class ImdbArchive {

    private ImdbArchive() {}

    static ImdbDataset read(Path archive, LoadOptions options) {
        List<Review> reviews = new ArrayList<>(50_000);
        try (TarGzReader tar = new TarGzReader(archive)) {
            for (TarGzReader.Entry e = tar.next(); e != null; e = tar.next()) {
                ImdbLayout.Location at = ImdbLayout.locate(e.name(), archive.toString());
                if (at != null) {
                    String where = archive + ": entry " + e.name();
                    reviews.add(ImdbLayout.review(at, Utf8.decode(tar.read(), where), where, options));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + archive + ": " + e.getMessage(), e);
        }
        return ImdbLayout.dataset(archive, reviews);
    }
}
