package io.github.gpt2sentiment.tokenization;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * GPT-2's byte-level BPE tokenizer, as {@code transformers} uses it: no special tokens added, no silent
 * truncation, {@code <|endoftext|>} (50256) doubling as the padding token.
 *
 * <p>On top of plain encoding it truncates ({@link Truncation}: head, tail or both) and pads batches
 * ({@link Batch}, {@link Padding}) with the end-of-text token and an attention mask.
 *
 * <p>Usage: {@code try (var tok = Gpt2Tokenizer.load(Path.of("../shared/data/gpt2"))) { long[] ids = tok.encode("Hello"); }}
 */
public final class Gpt2Tokenizer implements AutoCloseable {

    /** GPT-2's only special token; it also pads, so the vocabulary is never resized. */
    public static final long END_OF_TEXT = 50256;

    /** The longest sequence GPT-2's position table covers. */
    public static final int MAX_LENGTH = 1024;

    /** Texts per native batch call in {@link #encodeAll(String[])}. */
    private static final int CHUNK = 4096;

    static {
        Quiet.configure(); // before DJL's tokenizer classes create their loggers
    }

    private final HuggingFaceTokenizer tokenizer;
    private final Path source;

    private Gpt2Tokenizer(HuggingFaceTokenizer tokenizer, Path source) {
        this.tokenizer = tokenizer;
        this.source = source;
    }

    /**
     * The tokenizer.json a folder holds, or {@code folderOrFile} itself where it names a .json file.
     *
     * <p>Usage: {@code Path json = Gpt2Tokenizer.file(Path.of("../shared/data/gpt2"));}
     */
    public static Path file(Path folderOrFile) {
        return folderOrFile.getFileName() != null && folderOrFile.getFileName().toString().endsWith(".json")
                ? folderOrFile
                : folderOrFile.resolve("tokenizer.json");
    }

    /**
     * Loads {@code tokenizer.json} from a folder (the shared tokenizer folder or a model folder), or the file itself.
     *
     * @throws IllegalArgumentException when no {@code tokenizer.json} is there
     */
    public static Gpt2Tokenizer load(Path folderOrFile) {
        Path file = file(folderOrFile);
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

    /** Token ids of one text, truncated to keep its head, its tail or both. */
    public long[] encode(String text, Truncation truncation) {
        return truncation.apply(encode(text));
    }

    /**
     * Token ids of many texts through the native parallel batch call, without truncation.
     *
     * <p>DJL's own {@code batchEncode} copies every encoding's tokens, offsets and masks into Java objects; only the
     * ids are needed here, so they are fetched alone, which makes this several times faster on whole datasets.
     */
    public long[][] encodeAll(String[] texts) {
        for (int i = 0; i < texts.length; i++) {
            if (texts[i] == null) {
                throw new NullPointerException("text " + i + " is null");
            }
        }
        long[][] ids = new long[texts.length][];
        long handle = tokenizer.getHandle();
        // Chunks bound the native memory held by encodings at once; each chunk still runs on all cores.
        for (int from = 0; from < texts.length; from += CHUNK) {
            int to = Math.min(from + CHUNK, texts.length);
            String[] chunk = from == 0 && to == texts.length ? texts : java.util.Arrays.copyOfRange(texts, from, to);
            long[] encodings = TokenizersLibrary.LIB.batchEncode(handle, chunk, false);
            try {
                for (int i = 0; i < encodings.length; i++) {
                    ids[from + i] = TokenizersLibrary.LIB.getTokenIds(encodings[i]);
                }
            } finally {
                for (long encoding : encodings) {
                    TokenizersLibrary.LIB.deleteEncoding(encoding);
                }
            }
        }
        return ids;
    }

    /** Token ids of many texts through the native batch call, each truncated. */
    public long[][] encodeAll(String[] texts, Truncation truncation) {
        long[][] ids = encodeAll(texts);
        for (int i = 0; i < ids.length; i++) {
            ids[i] = truncation.apply(ids[i]);
        }
        return ids;
    }

    /** Token ids of many texts. See {@link #encodeAll(String[])}. */
    public long[][] encodeAll(List<String> texts) {
        return encodeAll(texts.toArray(String[]::new));
    }

    /** How many tokens each text has, untruncated. */
    public int[] countTokens(String[] texts) {
        long[][] ids = encodeAll(texts);
        int[] counts = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            counts[i] = ids[i].length;
        }
        return counts;
    }

    /**
     * One padded batch: the texts encoded in one native batch call, truncated, and padded with
     * {@link #END_OF_TEXT} to the longest of them, with its attention mask.
     */
    public Batch encodeBatch(String[] texts, Truncation truncation, Padding padding) {
        return Batch.pad(encodeAll(texts, truncation), padding);
    }

    /** The text for some token ids; special tokens are kept so a round trip is exact. */
    public String decode(long[] ids) {
        return tokenizer.decode(ids, false);
    }

    /** The texts for many id sequences, through the native batch call. */
    public String[] decodeAll(long[][] ids) {
        return tokenizer.batchDecode(ids, false);
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
