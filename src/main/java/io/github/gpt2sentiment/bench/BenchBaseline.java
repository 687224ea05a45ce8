package io.github.gpt2sentiment.bench;

import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.github.gpt2sentiment.data.DataSource;
import io.github.gpt2sentiment.data.ImdbDataset;
import io.github.gpt2sentiment.data.Review;
import io.github.gpt2sentiment.data.Subsets;
import io.github.gpt2sentiment.scoring.ZeroShotClassifier;
import io.github.gpt2sentiment.scoring.ZeroShotConfig;
import io.github.gpt2sentiment.hub.ModelSource;
import io.github.gpt2sentiment.model.Checkpoint;
import io.github.gpt2sentiment.model.ConfigJson;
import io.github.gpt2sentiment.model.Gpt2;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import io.github.gpt2sentiment.training.Checkpoints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench baseline}: zero-shot scoring throughput of a GPT-2 on real IMDB reviews, beside transformers'
 * {@code GPT2LMHeadModel} on the very same prompts and weights in the same invocation, and how far the two sides'
 * log-probabilities are apart.
 *
 * <p>Usage: {@code java -jar target/gpt2-sentiment.jar bench baseline --limit 32}
 */
@Command(name = "baseline",
        description = "Time zero-shot scoring (Java vs transformers on the same prompts and weights); without "
                + "--model, a randomly initialised GPT-2 small (124M parameters) stands in for the real one.")
public final class BenchBaseline implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "ID|DIR",
            description = "Hub id or folder (default: a random GPT-2 small, seeded, in a temporary folder).")
    String model;

    @Mixin
    ImdbArchiveOption data;

    @Option(names = "--limit", defaultValue = "32", paramLabel = "N",
            description = "Test reviews to score, a stratified seeded subset (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--max-length", defaultValue = "0", paramLabel = "N",
            description = "Longest prompt plus answer; 0 = the model's n_positions (default).")
    int maxLength;

    @Option(names = "--batch-tokens", defaultValue = "" + ZeroShotConfig.DEFAULT_BATCH_TOKENS, paramLabel = "N",
            description = "Padded tokens per forward, both sides (default: ${DEFAULT-VALUE}).")
    int batchTokens;

    @Mixin
    PythonPeerOptions python;

    @Override
    public Integer call() throws Exception {
        ImdbDataset imdb = ImdbDataset.load(data.archive());
        List<String> texts = Subsets.stratified(imdb.test(), limit, 42).stream().map(Review::text).toList();
        Path temp = model == null ? Files.createTempDirectory("bench-baseline") : null;
        try {
            Path dir = temp != null ? randomGpt2Small(temp, DataSource.referenceData().resolve("gpt2"))
                    : ModelSource.resolve(model);
            int cores = Runtime.getRuntime().availableProcessors();
            System.out.printf("bench baseline: %s, %d test reviews, %d cores%n",
                    model != null ? model : "random GPT-2 small (124M)", texts.size(), cores);
            ZeroShotConfig config = ZeroShotConfig.defaults().withMaxLength(maxLength).withBatchTokens(batchTokens);
            double[][] javaScores;
            long[][] prompts;
            long[][] verbalizers;
            double javaSeconds;
            try (NDManager manager = NDManager.newBaseManager(); Gpt2Tokenizer tokenizer = Gpt2Tokenizer.load(dir)) {
                Gpt2 lm = Checkpoint.load(dir, Gpt2.Head.LANGUAGE_MODEL, manager).model();
                ZeroShotClassifier zs = new ZeroShotClassifier(lm, tokenizer, config, List.of());
                zs.score(texts.subList(0, 1), n -> { }); // warm-up
                long start = System.nanoTime();
                ZeroShotClassifier.Scores scores = zs.score(texts, n -> { });
                javaSeconds = (System.nanoTime() - start) / 1e9;
                javaScores = scores.logProbabilities();
                prompts = texts.stream().map(zs::promptIds).toArray(long[][]::new);
                verbalizers = zs.verbalizerIds();
                long tokens = java.util.Arrays.stream(prompts).mapToLong(p -> p.length).sum();
                System.out.printf("Java   %.2f s: %.2f reviews/s, %,.0f prompt tokens/s (%d cut to fit)%n",
                        javaSeconds, texts.size() / javaSeconds, tokens / javaSeconds, scores.truncated());
            }
            if (!python.runs()) {
                return 0;
            }
            JsonObject py = runPython(dir, prompts, verbalizers, cores);
            double pySeconds = py.get("seconds").getAsDouble();
            double[][] pyScores = new Gson().fromJson(py.get("scores"), double[][].class);
            System.out.printf("Python %.2f s: %.2f reviews/s (torch %s, transformers %s, %d threads)%n", pySeconds,
                    texts.size() / pySeconds, py.get("torch").getAsString(), py.get("transformers").getAsString(),
                    py.get("threads").getAsInt());
            double maxDiff = 0;
            for (int i = 0; i < javaScores.length; i++) {
                for (int c = 0; c < 2; c++) {
                    maxDiff = Math.max(maxDiff, Math.abs(javaScores[i][c] - pyScores[i][c]));
                }
            }
            System.out.printf("max |log p(verbalizer)| difference Java vs transformers: %.2e%n", maxDiff);
            System.out.printf("ratio Java/Python reviews/s: %.2f%n", pySeconds / javaSeconds);
            return maxDiff < 1e-3 ? 0 : 1;
        } finally {
            if (temp != null) {
                Checkpoints.deleteTree(temp);
            }
        }
    }

    /** GPT-2 small's architecture (its config.json in the reference data) with seeded random weights. */
    private static Path randomGpt2Small(Path folder, Path tokenizerDir) {
        Checkpoint.saveRandom(ConfigJson.load(tokenizerDir), Gpt2.Head.LANGUAGE_MODEL, 42, folder, tokenizerDir);
        return folder;
    }

    /** bench_zero_shot.py on the same prompts and weights: its one JSON line. */
    private JsonObject runPython(Path dir, long[][] prompts, long[][] verbalizers, int threads) throws IOException {
        JsonObject spec = new JsonObject();
        Gson gson = new Gson();
        spec.add("prompts", gson.toJsonTree(prompts));
        spec.add("verbalizers", gson.toJsonTree(new long[] {verbalizers[0][0], verbalizers[1][0]}));
        spec.addProperty("batch_tokens", batchTokens);
        spec.addProperty("threads", threads);
        try (PythonPeer peer = python.start("bench-baseline-py", folder -> {
            Path specFile = Files.writeString(folder.resolve("prompts.json"), gson.toJson(spec), StandardCharsets.UTF_8);
            return List.of(PythonPeer.script("bench_zero_shot.py", folder).toString(), dir.toString(),
                    specFile.toString());
        })) {
            return peer.result();
        }
    }
}
