package io.github.gpt2sentiment.cli;

import io.github.gpt2sentiment.options.TokenizerOption;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tokenize}: GPT-2 token ids of text, one JSON array per input line.
 *
 * <p>Usage: {@code java -jar target/gpt2-sentiment.jar tokenize --tokenizer ../shared/data/gpt2 --text "Hello world!"}
 */
@Command(name = "tokenize",
        description = "Print GPT-2 token ids: one JSON array per input line.")
public final class TokenizeCommand extends CliCommand {

    @Mixin
    TokenizerOption tokenizer;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--text", paramLabel = "TEXT", description = "The text; each of its lines is encoded.")
        String text;

        @Option(names = "--input", paramLabel = "FILE", description = "A UTF-8 file ('-' for standard input); "
                + "each line is encoded.")
        String file;
    }

    /** Lines per native batch call: large enough to use every core, small enough to stream big files. */
    private static final int CHUNK = 8192;

    @Override
    public Integer call() throws IOException {
        if (input.text != null && input.text.isEmpty()) {
            throw ExitCode.usage(spec, "--text is empty; expected the text to tokenize");
        }
        List<String> lines = input.text != null ? input.text.lines().toList() : readLines(input.file);
        PrintWriter out = stdout();
        try (Gpt2Tokenizer tok = Gpt2Tokenizer.load(tokenizer.location())) {
            for (int from = 0; from < lines.size(); from += CHUNK) {
                String[] chunk = lines.subList(from, Math.min(from + CHUNK, lines.size())).toArray(String[]::new);
                StringBuilder s = new StringBuilder();
                for (long[] ids : tok.encodeAll(chunk)) {
                    s.append(json(ids)).append('\n');
                }
                out.print(s);
            }
        }
        out.flush();
        return 0;
    }

    /** A JSON array written as in the Python walkthrough's output: {@code [15496, 995, 0]}. */
    static String json(long[] ids) {
        return Arrays.toString(ids);
    }

    private static List<String> readLines(String file) throws IOException {
        byte[] bytes;
        if (file.equals("-")) {
            InputStream in = System.in;
            bytes = in.readAllBytes();
        } else {
            Path path = Path.of(file);
            if (Files.isDirectory(path)) {
                throw new IllegalArgumentException(path.toAbsolutePath() + " is a folder; expected a UTF-8 text "
                        + "file with one text per line");
            }
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException(path.toAbsolutePath() + ": no such file; expected a UTF-8 text "
                        + "file with one text per line");
            }
            bytes = Files.readAllBytes(path);
        }
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer chars = java.nio.CharBuffer.allocate(bytes.length);
        var result = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in, chars, true);
        if (result.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw new IllegalArgumentException(file + ": line " + line + ": invalid UTF-8 at byte " + in.position()
                    + "; expected UTF-8 text");
        }
        String text = chars.flip().toString();
        return text.lines().toList();
    }
}
