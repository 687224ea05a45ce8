package io.github.gpt2sentiment.cli;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.github.gpt2sentiment.data.DataSource;
import io.github.gpt2sentiment.data.ImdbDataset;
import io.github.gpt2sentiment.data.Review;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench data}: how fast the IMDB archive loads, and GPT-2 tokenization throughput over all its reviews with
 * the native batch call, beside Python's {@code tokenizers} on the same texts in the same invocation.
 *
 * <p>Usage: {@code java -jar target/gpt2-sentiment.jar bench data --rounds 3}
 */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Time loading all 50,000 IMDB reviews and tokenizing them (Java vs Python tokenizers).")
public final class BenchData implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "PATH", description = "The IMDB archive or folder (default: "
            + "imdb/aclImdb_v1.tar.gz in the reference data folder).")
    String data;

    @Option(names = "--tokenizer", paramLabel = "DIR",
            description = "GPT-2 tokenizer folder (default: gpt2/ in the reference data folder).")
    Path tokenizer;

    @Option(names = "--python", paramLabel = "PATH", defaultValue = "reference/.venv/bin/python",
            description = "Python with the tokenizers package (default: ${DEFAULT-VALUE}; bash reference/setup.sh "
                    + "creates it).")
    Path python;

    @Option(names = "--rounds", defaultValue = "3", description = "Timed rounds per measurement; the best counts "
            + "(default: ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() throws Exception {
        Path reference = DataSource.referenceData();
        Path archive = data != null ? DataSource.resolve(data) : reference.resolve("imdb/aclImdb_v1.tar.gz");
        Path tokenizerDir = tokenizer != null ? tokenizer : reference.resolve("gpt2");
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
        long tokens = 0;
        long checksum = 0;
        try (Gpt2Tokenizer tok = Gpt2Tokenizer.load(tokenizerDir)) {
            tok.encodeAll(Arrays.copyOf(texts, 1000)); // warm-up
            for (int r = 0; r < rounds; r++) {
                long start = System.nanoTime();
                long[][] ids = tok.encodeAll(texts);
                java[r] = (System.nanoTime() - start) / 1e9;
                tokens = 0;
                checksum = 0;
                for (long[] seq : ids) {
                    for (long id : seq) {
                        checksum += id * (tokens % 1000003 + 1);
                        tokens++;
                    }
                }
            }
        }
        double javaRate = tokens / min(java);
        System.out.printf("Java  tokenize %,d reviews -> %,d tokens: best %.2f s, %,.0f tokens/s (all: %s)%n",
                texts.length, tokens, min(java), javaRate, format(java));

        if (!Files.isExecutable(python)) {
            System.out.printf("Python peer skipped: %s not found; run `bash reference/setup.sh` to install tokenizers "
                    + "from PyPI, or pass --python PATH%n", python);
            return 0;
        }
        JsonObject py = runPython(texts, tokenizerDir.resolve("tokenizer.json"));
        double[] pySeconds = new Gson().fromJson(py.get("seconds"), double[].class);
        long pyTokens = py.get("tokens").getAsLong();
        double pyRate = pyTokens / min(pySeconds);
        System.out.printf("Python tokenize (tokenizers %s) -> %,d tokens: best %.2f s, %,.0f tokens/s (all: %s)%n",
                py.get("tokenizers").getAsString(), pyTokens, min(pySeconds), pyRate, format(pySeconds));
        boolean same = pyTokens == tokens && py.get("checksum").getAsLong() == checksum;
        System.out.printf("identical token ids: %s%n", same ? "yes" : "NO (token counts or checksums differ)");
        System.out.printf("ratio Java/Python tokens/s: %.2f%n", javaRate / pyRate);
        return same ? 0 : 1;
    }

    private JsonObject runPython(String[] texts, Path tokenizerJson) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("bench-data");
        try {
            Path textsFile = dir.resolve("texts.jsonl");
            Gson gson = new Gson();
            try (BufferedWriter w = Files.newBufferedWriter(textsFile, StandardCharsets.UTF_8)) {
                for (String t : texts) {
                    w.write(gson.toJson(t));
                    w.write('\n');
                }
            }
            Path script = dir.resolve("bench_tokenize.py");
            try (InputStream in = BenchData.class.getResourceAsStream("bench_tokenize.py")) {
                Files.copy(in, script);
            }
            Process p = new ProcessBuilder(python.toString(), script.toString(), textsFile.toString(),
                    tokenizerJson.toString(), Integer.toString(rounds))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroy();
                throw new IOException("the Python peer failed (" + python + "): " + out);
            }
            List<String> lines = new ArrayList<>(out.lines().toList());
            return gson.fromJson(lines.get(lines.size() - 1), JsonObject.class);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
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
