package io.github.gpt2sentiment.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.gpt2sentiment.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tokenize} and {@code explore} as a user runs them. */
class DataCommandsTest {

    @TempDir
    Path dir;

    @Test
    void tokenizePrintsOneJsonArrayPerLine() {
        CliRun run = CliRun.of("tokenize", "--tokenizer", TestData.gpt2Tokenizer().toString(),
                "--text", "Hello world! This movie was great.");
        assertEquals(0, run.exitCode());
        assertEquals("[15496, 995, 0, 770, 3807, 373, 1049, 13]\n", run.out());
    }

    @Test
    void tokenizeWithoutTokenizerTakesTheReferenceDataTokenizerAndTheFileItselfToo() {
        // The tests' reference data (-Dgpt2sentiment.data) holds gpt2/tokenizer.json, so no hub is asked.
        CliRun byDefault = CliRun.of("tokenize", "--text", "Hello world! This movie was great.");
        assertEquals(0, byDefault.exitCode(), byDefault.err());
        assertEquals("[15496, 995, 0, 770, 3807, 373, 1049, 13]\n", byDefault.out());
        CliRun file = CliRun.of("tokenize", "--tokenizer",
                TestData.gpt2Tokenizer().resolve("tokenizer.json").toString(), "--text", "Hello world!");
        assertEquals("[15496, 995, 0]\n", file.out(), file.err());
    }

    @Test
    void tokenizeReadsAFileLineByLine() throws Exception {
        Path input = Files.writeString(dir.resolve("in.txt"), "Hello world! This movie was great.\n\nBad.\n");
        CliRun run = CliRun.of("tokenize", "--tokenizer", TestData.gpt2Tokenizer().toString(), "--input",
                input.toString());
        assertEquals(0, run.exitCode());
        assertEquals(List.of("[15496, 995, 0, 770, 3807, 373, 1049, 13]", "[]", "[22069, 13]"),
                run.out().lines().toList());
    }

    @Test
    void tokenizeRejectsInvalidUtf8WithTheLine() throws Exception {
        Path input = dir.resolve("in.txt");
        Files.write(input, "fine\nCaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        CliRun run = CliRun.of("tokenize", "--tokenizer", TestData.gpt2Tokenizer().toString(), "--input",
                input.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains(input + ": line 2: invalid UTF-8"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void tokenizeRefusesEmptyTextAndAFolder() {
        CliRun empty = CliRun.of("tokenize", "--tokenizer", TestData.gpt2Tokenizer().toString(), "--text", "");
        assertEquals(2, empty.exitCode());
        assertEquals("error: --text is empty; expected the text to tokenize", empty.err().strip());
        assertEquals("", empty.out());
        CliRun folder = CliRun.of("tokenize", "--tokenizer", TestData.gpt2Tokenizer().toString(), "--input",
                dir.toString());
        assertEquals(1, folder.exitCode());
        assertEquals("error: " + dir.toAbsolutePath() + " is a folder; expected a UTF-8 text file with one text per "
                + "line", folder.err().strip());
    }

    @Test
    void helpHasNoFormatWarnings() {
        // A lone % in a description is a format specifier to picocli: it warns on stderr and garbles the text.
        for (String command : Main.commandLine().getSubcommands().keySet()) {
            CliRun help = CliRun.of(command, "--help");
            assertEquals("", help.err(), command + " --help");
            assertTrue(!help.out().contains("%%"), help.out());
        }
        CliRun evaluate = CliRun.of("evaluate", "--help");
        assertEquals(0, evaluate.exitCode());
        assertTrue(evaluate.out().contains("with 95%"), evaluate.out());
    }

    @Test
    void everyCommandAndBenchCommandInheritsHelpAndVersionFromMain() {
        List<String[]> commands = new java.util.ArrayList<>();
        Main.commandLine().getSubcommands().keySet().forEach(c -> commands.add(new String[] {c}));
        Main.commandLine().getSubcommands().get("bench").getSubcommands().keySet()
                .forEach(c -> commands.add(new String[] {"bench", c}));
        for (String[] command : commands) {
            String name = String.join(" ", command);
            if (name.equals("help")) {
                continue;
            }
            CliRun help = CliRun.of(concat(command, "--help"));
            assertEquals(0, help.exitCode(), name + " --help");
            assertTrue(help.out().contains("-h, --help") && help.out().contains("-V, --version"), help.out());
            CliRun version = CliRun.of(concat(command, "-V"));
            assertEquals("gpt2-sentiment 0.1.0", version.out().strip(), name + " -V");
        }
    }

    private static String[] concat(String[] command, String option) {
        String[] all = java.util.Arrays.copyOf(command, command.length + 1);
        all[command.length] = option;
        return all;
    }

    @Test
    void tokenizeNeedsTextOrInput() {
        CliRun run = CliRun.of("tokenize", "--tokenizer", TestData.gpt2Tokenizer().toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--text") && run.err().contains("--input"), run.err());
    }

    @Test
    void exploreWritesChartsAndJsonForAUserFile() throws Exception {
        Path csv = Files.writeString(dir.resolve("mine.csv"), """
                review,sentiment,split
                "Loved it, truly.",positive,train
                Hated it.,negative,train
                "A ""classic""<br />Would watch again",pos,test
                Meh and dull,neg,test
                Boring.,0,test
                """);
        Path json = dir.resolve("out/summary.json");
        CliRun run = CliRun.of("explore", "--data", csv.toString(), "--json", json.toString(), "--out",
                dir.resolve("charts").toString(), "--tokenizer", TestData.gpt2Tokenizer().toString(),
                "--text-column", "review", "--label-column", "sentiment");
        assertEquals(0, run.exitCode(), run.err());
        JsonObject summary = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertEquals(2, summary.getAsJsonObject("train").get("reviews").getAsInt());
        assertEquals(3, summary.getAsJsonObject("test").get("reviews").getAsInt());
        assertEquals(1, summary.getAsJsonObject("test").get("positive").getAsInt());
        assertEquals(2, summary.getAsJsonObject("test").get("negative").getAsInt());
        // Python tokenizers: "Loved it, truly." -> [43, 2668, 340, 11, 4988, 13], "Hated it." -> [39, 515, 340, 13]
        assertEquals(6, summary.getAsJsonObject("train").getAsJsonObject("tokens").get("max").getAsInt());
        assertEquals(5.0, summary.getAsJsonObject("train").getAsJsonObject("tokens").get("mean").getAsDouble());
        assertTrue(Files.size(dir.resolve("charts/token-lengths.png")) > 1000);
        assertTrue(run.out().contains("Reviews per split and label"), run.out());
    }

    @Test
    void exploreNamesAMissingPath() {
        CliRun run = CliRun.of("explore", "--data", dir.resolve("none.tar.gz").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("none.tar.gz: no such file or folder"), run.err());
    }
}
