package io.github.gpt2sentiment.bench;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.github.gpt2sentiment.data.ImdbDataset;
import io.github.gpt2sentiment.data.Review;
import io.github.gpt2sentiment.options.TokenizerOption;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench data}: how fast the IMDB archive loads, and GPT-2 tokenization throughput over all its reviews with
 * the native batch call, beside Python's {@code tokenizers} on the same texts in the same invocation.
 *
 * <p>Usage: {@code java -jar target/gpt2-sentiment.jar bench data --rounds 3}
 */
@Command(name = "data",
        description = "Time loading all 50,000 IMDB reviews and tokenizing them (Java vs Python tokenizers).")
public final class BenchData implements Callable<Integer> {

    @Mixin
    ImdbArchiveOption data;

    @Mixin
    TokenizerOption tokenizer;

    @Mixin
    PythonPeerOptions python;

    @Option(names = "--rounds", defaultValue = "3", description = "Timed rounds per measurement; the best counts "
            + "(default: ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() throws Exception {
        Path archive = data.archive();
        Path tokenizerDir = tokenizer.location();
        System.out.printf("bench data: %s, %d rounds, %d cores%n", archive, rounds,
                Runtime.getRuntime().availableProcessors());

        double[] load = new double[rounds];
        ImdbDataset dataset = null;
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            dataset = ImdbDataset.load(archive);
            load[r] = (System.nanoTime() - start) / 1e9;
        }
        System.out.printf("load %,d reviews: first %.2f s, best %.2f s (all: %s)%n", dataset.size(), load[0],
                min(load), format(load));

        String[] texts = dataset.all().stream().map(Review::text).toArray(String[]::new);
        double[] java = new double[rounds];
        double[] py = new double[rounds];
        // CPU seconds (all threads of the process) too: on a shared machine wall time swings with the neighbours,
        // CPU time much less.
        double[] javaCpu = new double[rounds];
        double[] pyCpu = new double[rounds];
        long tokens = 0;
        long checksum = 0;
        // The Java tokenizer first: a wrong --tokenizer is its clear one-line error, before any peer starts.
        try (Gpt2Tokenizer tok = Gpt2Tokenizer.load(tokenizerDir);
                PythonPeer p = python.runs() ? startPeer(texts, tokenizerDir) : null) {
            tok.encodeAll(Arrays.copyOf(texts, 1000)); // warm-up, as on the Python side
            // Java and Python rounds alternate, so a busy machine slows both sides alike.
            for (int r = 0; r < rounds; r++) {
                long cpu = Bench.processCpuNanos();
                long start = System.nanoTime();
                long[][] ids = tok.encodeAll(texts);
                java[r] = (System.nanoTime() - start) / 1e9;
                javaCpu[r] = (Bench.processCpuNanos() - cpu) / 1e9;
                tokens = 0;
                checksum = 0;
                for (long[] seq : ids) {
                    for (long id : seq) {
                        checksum += id * (tokens % 1000003 + 1);
                        tokens++;
                    }
                }
                if (p != null) {
                    JsonObject round = p.request("round");
                    py[r] = round.get("seconds").getAsDouble();
                    pyCpu[r] = round.get("cpu").getAsDouble();
                }
            }
            double javaRate = tokens / min(java);
            System.out.printf("Java   tokenize %,d reviews -> %,d tokens: best %.2f s, %,.0f tokens/s (all: %s; "
                    + "CPU s: %s)%n", texts.length, tokens, min(java), javaRate, format(java), format(javaCpu));
            if (p == null) {
                return 0;
            }
            JsonObject summary = p.request("summary");
            long pyTokens = summary.get("tokens").getAsLong();
            double pyRate = pyTokens / min(py);
            System.out.printf("Python tokenize (tokenizers %s) -> %,d tokens: best %.2f s, %,.0f tokens/s (all: %s; "
                    + "CPU s: %s)%n", summary.get("tokenizers").getAsString(), pyTokens, min(py), pyRate, format(py),
                    format(pyCpu));
            boolean same = pyTokens == tokens && summary.get("checksum").getAsLong() == checksum;
            System.out.printf("identical token ids: %s%n", same ? "yes" : "NO (token counts or checksums differ)");
            System.out.printf("ratio Java/Python tokens/s: %.2f (wall clock, best rounds); %.2f (tokens per CPU "
                    + "second, best rounds)%n", javaRate / pyRate, min(pyCpu) / min(javaCpu));
            return same ? 0 : 1;
        }
    }

    /** bench_tokenize.py on the same texts: it loads them once, then times one round per request. */
    private PythonPeer startPeer(String[] texts, Path tokenizerDir) throws IOException {
        Gson gson = new Gson();
        PythonPeer peer = python.start("bench-data", folder -> {
            Path textsFile = folder.resolve("texts.jsonl");
            try (BufferedWriter w = Files.newBufferedWriter(textsFile, StandardCharsets.UTF_8)) {
                for (String t : texts) {
                    w.write(gson.toJson(t));
                    w.write('\n');
                }
            }
            return List.of(PythonPeer.script("bench_tokenize.py", folder).toString(), textsFile.toString(),
                    Gpt2Tokenizer.file(tokenizerDir).toString());
        });
        try {
            peer.reply(); // {"ready": true} once the texts are loaded and the tokenizer warmed up
            return peer;
        } catch (IOException | RuntimeException e) {
            peer.close();
            throw e;
        }
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static String format(double[] seconds) {
        StringBuilder s = new StringBuilder();
        for (double v : seconds) {
            s.append(s.length() == 0 ? "" : ", ").append(String.format("%.2f", v));
        }
        return s.toString();
    }
}
