package io.github.gpt2sentiment.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads an extracted {@code aclImdb/} folder (the folder itself, or one that holds it). */
final class ImdbFolder {

    private ImdbFolder() {}

    /** The folder holding {@code train/} and {@code test/}: {@code dir} itself or {@code dir/aclImdb}. */
    static Path root(Path dir) {
        if (Files.isDirectory(dir.resolve("train")) && Files.isDirectory(dir.resolve("test"))) {
            return dir;
        }
        Path inner = dir.resolve("aclImdb");
        if (Files.isDirectory(inner.resolve("train")) && Files.isDirectory(inner.resolve("test"))) {
            return inner;
        }
        throw new DataException(dir + ": this folder has no train/ and test/ folders; expected the extracted "
                + "aclImdb/ folder with train/{pos,neg}/ and test/{pos,neg}/ holding <id>_<rating>.txt files");
    }

    static ImdbDataset read(Path dir, LoadOptions options) {
        Path root = root(dir);
        List<Path> files = new ArrayList<>(50_000);
        for (String split : new String[] {"train", "test"}) {
            for (String label : new String[] {"pos", "neg"}) {
                Path folder = root.resolve(split).resolve(label);
                if (!Files.isDirectory(folder)) {
                    throw new DataException(folder + ": missing folder; expected " + split + "/" + label
                            + "/ holding <id>_<rating>.txt files");
                }
                try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, "*.txt")) {
                    stream.forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot list " + folder, e);
                }
            }
        }
        // Reading 50,000 small files is bound by system calls, so both cores help.
        List<Review> reviews = files.parallelStream().map(file -> {
            String relative = root.relativize(file).toString().replace('\\', '/');
            ImdbLayout.Location at = ImdbLayout.locate(relative, root.toString());
            if (at == null) {
                return null;
            }
            try {
                return ImdbLayout.review(at, Utf8.decode(Files.readAllBytes(file), file.toString()),
                        file.toString(), options);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            }
        }).filter(r -> r != null).toList();
        return ImdbLayout.dataset(root, reviews);
    }
}
