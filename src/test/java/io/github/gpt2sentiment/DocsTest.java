package io.github.gpt2sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and the pages under {@code docs/} as a reader meets them on a code host: every relative link and
 * image points at a file that exists, every {@code #anchor} at a heading, the README stays short, and its test
 * command is the one CI runs.
 */
class DocsTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir"));

    // [text](target) and ![alt](target); the target ends at the first blank or closing parenthesis.
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)\\)");

    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** The Markdown outside fenced and indented code blocks and inline code, where links are links. */
    static List<String> prose(Path page) throws IOException {
        List<String> lines = new ArrayList<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(page)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced && !line.startsWith("    ")) {
                lines.add(line.replaceAll("`[^`]*`", "``"));
            }
        }
        return lines;
    }

    /** GitHub's anchor for a heading: lower case, punctuation dropped, blanks as hyphens. */
    static String slug(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\s_-]", "").replace(' ', '-');
    }

    static Set<String> anchors(Path page) throws IOException {
        Set<String> anchors = new HashSet<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(page)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced && line.matches("#{1,6} .*")) {
                anchors.add(slug(line.replaceFirst("#+ ", "")));
            }
        }
        return anchors;
    }

    @Test
    void everyRelativeLinkResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages()) {
            for (String line : prose(page)) {
                Matcher m = LINK.matcher(line);
                while (m.find()) {
                    String target = m.group(1);
                    if (target.matches("[a-z]+:.*")) {
                        continue; // https:, mailto:
                    }
                    checked++;
                    int hash = target.indexOf('#');
                    String file = hash < 0 ? target : target.substring(0, hash);
                    Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                    String where = ROOT.relativize(page) + ": " + target;
                    if (!Files.exists(resolved)) {
                        broken.add(where + " (no such file)");
                    } else if (hash >= 0 && !anchors(resolved).contains(target.substring(hash + 1))) {
                        broken.add(where + " (no such heading)");
                    }
                }
            }
        }
        assertTrue(checked > 50, "only " + checked + " links found: is the pattern right?");
        assertEquals(List.of(), broken);
    }

    @Test
    void theReadmeIsShortAndItsTestCommandIsCis() throws IOException {
        List<String> readme = Files.readAllLines(ROOT.resolve("README.md"));
        assertTrue(readme.size() <= 200, "README.md has " + readme.size() + " lines; the limit is 200");
        assertTrue(readme.contains("    mvn -B test"), "README.md lost its test command");
        assertTrue(Files.readAllLines(ROOT.resolve(".ci/run")).contains("mvn -B test"), ".ci/run");
    }

    @Test
    void slugsFollowGitHub() {
        assertEquals("results-json-schema_version-1", slug("Results JSON, schema_version 1"));
        assertEquals("training-bench-train", slug("Training (`bench train`)"));
        assertEquals("the-two-commands", slug("The two commands"));
    }
}
