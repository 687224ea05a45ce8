package io.github.gpt2sentiment.cli;

import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.gpt2sentiment.hub.ModelSource;
import io.github.gpt2sentiment.model.Gpt2Config;
import io.github.gpt2sentiment.options.ModelOption;
import io.github.gpt2sentiment.options.SeedOption;
import io.github.gpt2sentiment.scoring.SentimentClassifier;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Classifies texts with a GPT-2 sequence classifier (e.g. a fine-tuned sentiment model).
 *
 * <p>Usage: {@code java -jar target/gpt2-sentiment.jar classify --model DIR --text "Loved it." "Dull." --json}
 */
@Command(name = "classify",
        description = "Classify texts with a GPT-2 sequence classifier; prints the label and its probability.")
public final class ClassifyCommand extends CliCommand {

    private static final int BATCH = 16;

    @Mixin
    ModelOption model;

    @Option(names = "--text", required = true, arity = "1..*", paramLabel = "TEXT", description = "Texts to classify.")
    List<String> texts;

    @Option(names = "--json", description = "Print a JSON array of {\"logits\", \"probabilities\", \"label\"}.")
    boolean json;

    @Option(names = "--random-head", description = "Allow a model without a trained classification head (a "
            + "language model): its score.weight is drawn at random from --seed, so the labels mean nothing.")
    boolean randomHead;

    @Mixin
    SeedOption seed;

    @Override
    public Integer call() {
        PrintWriter out = stdout();
        PrintWriter err = stderr();
        Path folder = ModelSource.resolve(model.id);
        try (Gpt2Tokenizer tokenizer = ModelFolders.tokenizer(folder);
                NDManager manager = NDManager.newBaseManager()) {
            SentimentClassifier classifier = SentimentClassifier.load(folder, manager, tokenizer, 0,
                    Integer.MAX_VALUE, randomHead ? Long.valueOf(seed.value()) : null);
            classifier.loadReport().warning()
                    .ifPresent(w -> err.println(w + " (--random-head, --seed " + seed.value() + ")"));
            Gpt2Config config = classifier.model().config();
            long[][] ids = tokenizer.encodeAll(texts.toArray(String[]::new));
            for (int i = 0; i < ids.length; i++) {
                if (ids[i].length == 0) {
                    throw ExitCode.usage(spec, "text " + (i + 1) + " is empty");
                }
                if (ids[i].length > config.nPositions()) {
                    err.println("note: text " + (i + 1) + " has " + ids[i].length + " tokens; classifying its "
                            + "first " + config.nPositions());
                    ids[i] = Arrays.copyOf(ids[i], config.nPositions());
                }
            }
            float[][] logits = classifier.logits(ids, BATCH, n -> { });
            print(out, config, logits);
            return ExitCode.OK;
        }
    }

    private void print(PrintWriter out, Gpt2Config config, float[][] logits) {
        Gson gson = new Gson();
        JsonArray array = new JsonArray();
        for (int i = 0; i < logits.length; i++) {
            float[] p = softmax(logits[i]);
            int best = 0;
            for (int k = 1; k < p.length; k++) {
                best = logits[i][k] > logits[i][best] ? k : best;
            }
            String label = config.labels().get(best);
            if (json) {
                JsonObject o = new JsonObject();
                o.add("logits", gson.toJsonTree(logits[i]));
                o.add("probabilities", gson.toJsonTree(p));
                o.addProperty("label", label);
                array.add(o);
            } else {
                String text = texts.get(i).replaceAll("\\s+", " ");
                String shown = text.length() > 70 ? text.substring(0, 67) + "..." : text;
                out.printf(java.util.Locale.ROOT, "%s\t%.4f\t%s%n", label, p[best], shown);
            }
        }
        if (json) {
            out.println(gson.toJson(array));
        }
        out.flush();
    }

    private static float[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] e = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            e[i] = Math.exp(logits[i] - max);
            sum += e[i];
        }
        float[] p = new float[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (e[i] / sum);
        }
        return p;
    }
}
