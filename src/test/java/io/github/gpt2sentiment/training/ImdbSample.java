package io.github.gpt2sentiment.training;

import io.github.gpt2sentiment.TestData;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Real IMDB reviews for the trainer's tests, read straight from the archive. Temporary: the data package's loader
 * replaces it once merged.
 */
final class ImdbSample {

    record Review(String id, String text, int label) {}

    private static final Map<String, List<Review>> SPLITS = new HashMap<>();

    private ImdbSample() {}

    /** All reviews of a split ("train" or "test"), in archive order; read once per test JVM. */
    static synchronized List<Review> split(String split) {
        if (SPLITS.isEmpty()) {
            SPLITS.put("train", new ArrayList<>());
            SPLITS.put("test", new ArrayList<>());
            try (InputStream file = new BufferedInputStream(Files.newInputStream(TestData.imdbArchive()), 1 << 16);
                    TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(file, 1 << 16))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    String[] parts = entry.getName().split("/");
                    if (entry.isFile() && parts.length == 4 && SPLITS.containsKey(parts[1])
                            && (parts[2].equals("pos") || parts[2].equals("neg"))) {
                        String text = new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                        SPLITS.get(parts[1]).add(new Review(parts[1] + "/" + parts[2] + "/" + parts[3], text,
                                parts[2].equals("pos") ? 1 : 0));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return SPLITS.get(split);
    }

    /** {@code perClass} positive and {@code perClass} negative reviews drawn at random, shuffled together. */
    static List<Review> stratified(List<Review> reviews, int perClass, long seed) {
        List<Review> positive = new ArrayList<>();
        List<Review> negative = new ArrayList<>();
        for (Review review : reviews) {
            (review.label() == 1 ? positive : negative).add(review);
        }
        Random random = new Random(seed);
        Collections.shuffle(positive, random);
        Collections.shuffle(negative, random);
        List<Review> sample = new ArrayList<>(positive.subList(0, perClass));
        sample.addAll(negative.subList(0, perClass));
        Collections.shuffle(sample, random);
        return sample;
    }
}
