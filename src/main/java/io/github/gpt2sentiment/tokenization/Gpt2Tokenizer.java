package io.github.gpt2sentiment.tokenization;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * GPT-2's byte-level BPE tokenizer, as {@code transformers} uses it: no special tokens added, no silent
 * truncation, {@code <|endoftext|>} (50256) doubling as the padding token.
 *
 * <p>Usage: {@code try (var tok = Gpt2Tokenizer.load(Path.of("../shared/data/gpt2"))) { long[] ids = tok.encode("Hello"); }}
 */
public final class Gpt2Tokenizer implements AutoCloseable {

    /** GPT-2's only special token; it also pads, so the vocabulary is never resized. */
    public static final long END_OF_TEXT = 50256;

    /** The longest sequence GPT-2's position table covers. */
    public static final int MAX_LENGTH = 1024;

    private final HuggingFaceTokenizer tokenizer;
    private final Path source;

    private Gpt2Tokenizer(HuggingFaceTokenizer tokenizer, Path source) {
        this.tokenizer = tokenizer;
        this.source = source;
    }

    /**
     * Loads {@code tokenizer.json} from a folder (the shared tokenizer folder or a model folder), or the file itself.
     *
     * @throws IllegalArgumentException when no {@code tokenizer.json} is there
     */
    public static Gpt2Tokenizer load(Path folderOrFile) {
        Path file = folderOrFile.getFileName() != null && folderOrFile.getFileName().toString().endsWith(".json")
                ? folderOrFile
                : folderOrFile.resolve("tokenizer.json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("No GPT-2 tokenizer at " + file.toAbsolutePath()
                    + ": expected a folder holding tokenizer.json (Hugging Face tokenizers format)");
        }
        try {
            // The native tokenizer truncates to 512 by default unless told otherwise; GPT-2 must see whole texts
            // and truncation is done by this project, where it can keep the head, the tail or both.
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(file)
                    .optAddSpecialTokens(false)
                    .optTruncation(false)
                    .optPadding(false)
                    .optManager(null)
                    .build();
            return new Gpt2Tokenizer(tokenizer, file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read GPT-2 tokenizer " + file.toAbsolutePath(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Not a valid tokenizer.json: " + file.toAbsolutePath()
                    + " (" + e.getMessage() + ")", e);
        }
    }

    /** Token ids of one text, without special tokens and without truncation. */
    public long[] encode(String text) {
        return tokenizer.encode(text, false, false).getIds();
    }

    /** Token ids of many texts through the native parallel batch call. */
    public long[][] encodeAll(String[] texts) {
        Encoding[] encodings = tokenizer.batchEncode(texts, false, false);
        long[][] ids = new long[encodings.length][];
        for (int i = 0; i < encodings.length; i++) {
            ids[i] = encodings[i].getIds();
        }
        return ids;
    }

    /** The text for some token ids; special tokens are kept so a round trip is exact. */
    public String decode(long[] ids) {
        return tokenizer.decode(ids, false);
    }

    /** Where this tokenizer was loaded from. */
    public Path source() {
        return source;
    }

    @Override
    public void close() {
        tokenizer.close();
    }

}
