package io.github.gpt2sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering docs/layout.md promises: its table lists the packages in order, and each package imports only
 * packages above it. Every {@code import io.github.gpt2sentiment.X...} and every fully qualified
 * {@code io.github.gpt2sentiment.X.Type} in the code of {@code src/main/java} is checked against the table as it
 * stands in the page, so the page and the code cannot drift apart.
 */
class LayeringTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir"));
    private static final Path SOURCES = ROOT.resolve("src/main/java/io/github/gpt2sentiment");

    // A table row of docs/layout.md: | `package` | what it owns |
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z]+)`\\s*\\|");

    // A use of one of the project's packages: io.github.gpt2sentiment.X. followed by more of a name.
    private static final Pattern USE = Pattern.compile("\\bio\\.github\\.gpt2sentiment\\.([a-z]+)\\.[A-Za-z*]");

    /** The packages in the order of docs/layout.md's table. */
    static List<String> layers(Path layoutPage) throws IOException {
        List<String> layers = new ArrayList<>();
        for (String line : Files.readAllLines(layoutPage)) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                layers.add(row.group(1));
            }
        }
        return layers;
    }

    /**
     * Every use in {@code sourceRoot} (one folder per package) of a package that is not above the using file's
     * package in {@code layers}, as {@code file:line: package imports other (why)}.
     */
    static List<String> violations(Path sourceRoot, List<String> layers) throws IOException {
        List<String> violations = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sourceRoot)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        for (Path file : files) {
            String where = ROOT.relativize(file.toAbsolutePath()).toString();
            Path relative = sourceRoot.relativize(file);
            String own = relative.getNameCount() > 1 ? relative.getName(0).toString() : "(none)";
            int ownLayer = layers.indexOf(own);
            if (ownLayer < 0) {
                violations.add(where + ": package " + own + " is not in the table");
                continue;
            }
            List<String> lines = code(file);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("package ")) {
                    continue;
                }
                Matcher use = USE.matcher(lines.get(i));
                while (use.find()) {
                    String used = use.group(1);
                    int usedLayer = layers.indexOf(used);
                    if (used.equals(own)) {
                        continue;
                    }
                    if (usedLayer < 0) {
                        violations.add(where + ":" + (i + 1) + ": " + own + " uses " + used
                                + ", which is not in the table");
                    } else if (usedLayer > ownLayer) {
                        violations.add(where + ":" + (i + 1) + ": " + own + " uses " + used + ", which is below it");
                    }
                }
            }
        }
        return violations;
    }

    /** The file's lines with comments and string literals blanked out, so line numbers stay. */
    static List<String> code(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        boolean inComment = false;
        for (String line : Files.readAllLines(file)) {
            StringBuilder kept = new StringBuilder();
            int i = 0;
            while (i < line.length()) {
                if (inComment) {
                    int end = line.indexOf("*/", i);
                    inComment = end < 0;
                    i = end < 0 ? line.length() : end + 2;
                } else if (line.startsWith("/*", i)) {
                    inComment = true;
                    i += 2;
                } else if (line.startsWith("//", i)) {
                    break;
                } else if (line.charAt(i) == '"' || line.charAt(i) == '\'') {
                    char quote = line.charAt(i++);
                    while (i < line.length() && line.charAt(i) != quote) {
                        i += line.charAt(i) == '\\' ? 2 : 1;
                    }
                    i++;
                    kept.append(quote).append(quote);
                } else {
                    kept.append(line.charAt(i++));
                }
            }
            lines.add(kept.toString());
        }
        return lines;
    }

    @Test
    void everyPackageImportsOnlyPackagesAboveItInTheLayoutTable() throws IOException {
        List<String> layers = layers(ROOT.resolve("docs/layout.md"));
        assertTrue(layers.size() >= 10 && layers.indexOf("files") == 0, "docs/layout.md's table was not found "
                + "(rows like | `files` | ... |), got " + layers);
        List<String> violations = violations(SOURCES, layers);
        assertTrue(violations.isEmpty(), "Imports against docs/layout.md's order (each package may use only those "
                + "above it):\n" + String.join("\n", violations));
    }

    @Test
    void everyPackageOfTheLibraryIsInTheTable() throws IOException {
        List<String> packages;
        try (Stream<Path> dirs = Files.list(SOURCES)) {
            packages = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
        List<String> listed = layers(ROOT.resolve("docs/layout.md")).stream().sorted().toList();
        assertEquals(packages, listed, "docs/layout.md's table and src/main/java's packages");
    }

    @Test
    void anUpwardUseIsCaughtWithItsFileAndLine(@org.junit.jupiter.api.io.TempDir Path temp) throws IOException {
        Path model = Files.createDirectories(temp.resolve("model"));
        Files.writeString(model.resolve("Up.java"), String.join("\n",
                "package io.github.gpt2sentiment.model;",
                "import io.github.gpt2sentiment.files.AtomicFiles; // above: fine",
                "import io.github.gpt2sentiment.training.Trainer;",
                "/* io.github.gpt2sentiment.cli.Main in a comment is no use */",
                "class Up { String s = \"io.github.gpt2sentiment.cli.Main\";",
                "  Object o = io.github.gpt2sentiment.pipeline.Steps.class; }"));
        List<String> found = violations(temp, List.of("files", "model", "training", "pipeline", "cli"));
        assertEquals(2, found.size(), found.toString());
        assertTrue(found.get(0).endsWith("Up.java:3: model uses training, which is below it"), found.get(0));
        assertTrue(found.get(1).endsWith("Up.java:6: model uses pipeline, which is below it"), found.get(1));
    }
}
