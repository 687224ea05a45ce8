package io.github.gpt2sentiment.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.gpt2sentiment.TestData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tokenize} and {@code explore} as a user runs them. */
class DataCommandsTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void tokenizePrintsOneJsonArrayPerLine() {
        assertEquals(0, run("tokenize", "--tokenizer", TestData.gpt2Tokenizer().toString(),
                "--text", "Hello world! This movie was great."));
        assertEquals("[15496, 995, 0, 770, 3807, 373, 1049, 13]\n", out.toString());
    }

    @Test
    void tokenizeReadsAFileLineByLine() throws Exception {
        Path input = Files.writeString(dir.resolve("in.txt"), "Hello world! This movie was great.\n\nBad.\n");
        assertEquals(0, run("tokenize", "--tokenizer", TestData.gpt2Tokenizer().toString(), "--input",
                input.toString()));
        assertEquals(List.of("[15496, 995, 0, 770, 3807, 373, 1049, 13]", "[]", "[22069, 13]"),
                out.toString().lines().toList());
    }

    @Test
    void tokenizeRejectsInvalidUtf8WithTheLine() throws Exception {
        Path input = dir.resolve("in.txt");
        Files.write(input, "fine\nCaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(1, run("tokenize", "--tokenizer", TestData.gpt2Tokenizer().toString(), "--input",
                input.toString()));
        assertTrue(err.toString().contains(input + ": line 2: invalid UTF-8"), err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void tokenizeRefusesEmptyTextAndAFolder() {
        assertEquals(2, run("tokenize", "--tokenizer", TestData.gpt2Tokenizer().toString(), "--text", ""));
        assertEquals("error: --text is empty; expected the text to tokenize", err.toString().strip());
        assertEquals("", out.toString());
        err.getBuffer().setLength(0);
        assertEquals(1, run("tokenize", "--tokenizer", TestData.gpt2Tokenizer().toString(), "--input",
                dir.toString()));
        assertEquals("error: " + dir.toAbsolutePath() + " is a folder; expected a UTF-8 text file with one text per "
                + "line", err.toString().strip());
    }

    @Test
    void helpHasNoFormatWarnings() {
        // A lone % in a description is a format specifier to picocli: it warns on stderr and garbles the text.
        for (String command : Main.commandLine().getSubcommands().keySet()) {
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            run(command, "--help");
            assertEquals("", err.toString(), command + " --help");
            assertTrue(!out.toString().contains("%%"), out.toString());
        }
        out.getBuffer().setLength(0);
        assertEquals(0, run("evaluate", "--help"));
        assertTrue(out.toString().contains("with 95%"), out.toString());
    }

    @Test
    void tokenizeNeedsTextOrInput() {
        assertEquals(2, run("tokenize", "--tokenizer", TestData.gpt2Tokenizer().toString()));
        assertTrue(err.toString().contains("--text") && err.toString().contains("--input"), err.toString());
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
        assertEquals(0, run("explore", "--data", csv.toString(), "--json", json.toString(), "--out",
                dir.resolve("charts").toString(), "--tokenizer", TestData.gpt2Tokenizer().toString(),
                "--text-column", "review", "--label-column", "sentiment"), err.toString());
        JsonObject summary = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertEquals(2, summary.getAsJsonObject("train").get("reviews").getAsInt());
        assertEquals(3, summary.getAsJsonObject("test").get("reviews").getAsInt());
        assertEquals(1, summary.getAsJsonObject("test").get("positive").getAsInt());
        assertEquals(2, summary.getAsJsonObject("test").get("negative").getAsInt());
        // Python tokenizers: "Loved it, truly." -> [43, 2668, 340, 11, 4988, 13], "Hated it." -> [39, 515, 340, 13]
        assertEquals(6, summary.getAsJsonObject("train").getAsJsonObject("tokens").get("max").getAsInt());
        assertEquals(5.0, summary.getAsJsonObject("train").getAsJsonObject("tokens").get("mean").getAsDouble());
        assertTrue(Files.size(dir.resolve("charts/token-lengths.png")) > 1000);
        assertTrue(out.toString().contains("Reviews per split and label"), out.toString());
    }

    @Test
    void exploreNamesAMissingPath() {
        assertEquals(1, run("explore", "--data", dir.resolve("none.tar.gz").toString()));
        assertTrue(err.toString().contains("none.tar.gz: no such file or folder"), err.toString());
    }
}
