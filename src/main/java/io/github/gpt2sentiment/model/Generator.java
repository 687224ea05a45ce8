package io.github.gpt2sentiment.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Text generation with GPT-2's language-model head: greedy decoding or sampling with temperature, top-k and
 * top-p (applied in that order, as {@code transformers}' {@code generate} does), a key/value cache so each step
 * runs one token, and batches of prompts of different lengths (left padded, positions unaffected).
 *
 * <p>Sampling draws from a {@link SplittableRandom} seeded by the caller, so a seed gives the same text on every
 * machine and engine (it cannot reproduce torch's own random stream).
 *
 * <p>Usage: {@code long[][] out = Generator.generate(model, List.of(promptIds), Generator.Settings.greedy(32));}
 */
public final class Generator {

    private Generator() {}

    /**
     * How to pick each next token.
     *
     * @param maxNewTokens how many tokens to add at most (fewer when every row has produced {@code eos})
     * @param greedy take the most likely token; the other settings are then ignored
     * @param temperature divide the logits by this (> 0) before sampling
     * @param topK keep only the k most likely tokens; 0 keeps all
     * @param topP keep the smallest set of most likely tokens whose probability reaches p; 1 keeps all
     * @param seed seeds the sampler
     */
    public record Settings(int maxNewTokens, boolean greedy, float temperature, int topK, float topP, long seed) {

        public Settings {
            if (maxNewTokens < 0) {
                throw new IllegalArgumentException("max new tokens must be >= 0, got " + maxNewTokens);
            }
            if (!(temperature > 0) || Float.isInfinite(temperature)) {
                throw new IllegalArgumentException("temperature must be a positive number, got " + temperature);
            }
            if (topK < 0) {
                throw new IllegalArgumentException("top-k must be >= 0 (0 = off), got " + topK);
            }
            if (!(topP > 0 && topP <= 1)) {
                throw new IllegalArgumentException("top-p must be in (0, 1] (1 = off), got " + topP);
            }
        }

        /** Greedy decoding. */
        public static Settings greedy(int maxNewTokens) {
            return new Settings(maxNewTokens, true, 1f, 0, 1f, 0);
        }

        /** Sampling; {@code transformers}' defaults are temperature 1, top-k 50, top-p 1. */
        public static Settings sampling(int maxNewTokens, float temperature, int topK, float topP, long seed) {
            return new Settings(maxNewTokens, false, temperature, topK, topP, seed);
        }
    }

    /**
     * Continues each prompt. Rows stop after producing the config's {@code eos_token_id} (which is kept as the
     * last generated token); the others go on up to {@code maxNewTokens}.
     *
     * @param model a language model ({@link Gpt2.Head#LANGUAGE_MODEL})
     * @param prompts token ids, at least one per prompt; prompts of different lengths are left padded
     * @return the generated ids of each prompt, without the prompt
     */
    public static long[][] generate(Gpt2 model, List<long[]> prompts, Settings settings) {
        Gpt2Config config = model.config();
        int batch = prompts.size();
        int length = prompts.stream().mapToInt(p -> p.length).max().orElse(0);
        if (batch == 0) {
            return new long[0][];
        }
        if (prompts.stream().anyMatch(p -> p.length == 0)) {
            throw new IllegalArgumentException("Every prompt needs at least one token");
        }
        if (length + settings.maxNewTokens() > config.nPositions()) {
            throw new IllegalArgumentException("A prompt of " + length + " tokens plus " + settings.maxNewTokens()
                    + " new ones exceeds the model's " + config.nPositions() + " positions");
        }
        for (long[] prompt : prompts) {
            for (long id : prompt) {
                if (id < 0 || id >= config.vocabSize()) {
                    throw new IllegalArgumentException("Token id " + id + " is outside the vocabulary [0, "
                            + config.vocabSize() + ")");
                }
            }
        }
        Integer eos = config.eosTokenId();
        long pad = eos != null && eos < config.vocabSize() ? eos : 0; // masked out: any id in range will do
        long[] ids = new long[batch * length];
        long[] mask = new long[batch * length];
        for (int b = 0; b < batch; b++) {
            long[] prompt = prompts.get(b);
            int offset = length - prompt.length;
            Arrays.fill(ids, b * length, b * length + offset, pad);
            System.arraycopy(prompt, 0, ids, b * length + offset, prompt.length);
            Arrays.fill(mask, b * length + offset, (b + 1) * length, 1);
        }

        List<List<Long>> generated = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            generated.add(new ArrayList<>());
        }
        boolean[] finished = new boolean[batch];
        SplittableRandom random = new SplittableRandom(settings.seed());
        NDManager parent = model.getDirectParameters().valueAt(0).getArray().getManager();
        try (NDManager manager = parent.newSubManager();
                KvCache cache = model.newCache()) {
            NDArray stepIds = manager.create(ids, new Shape(batch, length));
            NDArray stepMask = manager.create(mask, new Shape(batch, length));
            for (int step = 0; step < settings.maxNewTokens(); step++) {
                float[] logits;
                try (NDArray out = model.nextTokenLogits(stepIds, stepMask, cache)) {
                    logits = out.toType(DataType.FLOAT32, false).toFloatArray();
                }
                int vocab = logits.length / batch;
                long[] next = new long[batch];
                for (int b = 0; b < batch; b++) {
                    if (finished[b]) {
                        next[b] = pad;
                        continue;
                    }
                    float[] row = Arrays.copyOfRange(logits, b * vocab, (b + 1) * vocab);
                    next[b] = settings.greedy() ? argMax(row) : sample(row, settings, random);
                    generated.get(b).add(next[b]);
                    finished[b] = eos != null && next[b] == eos;
                }
                stepIds.close();
                stepIds = manager.create(next, new Shape(batch, 1));
                NDArray longerMask = stepMask.concat(manager.ones(new Shape(batch, 1), DataType.INT64), 1);
                stepMask.close();
                stepMask = longerMask;
                if (IntStream.range(0, batch).allMatch(b -> finished[b])) {
                    break;
                }
            }
        }
        long[][] result = new long[batch][];
        for (int b = 0; b < batch; b++) {
            result[b] = generated.get(b).stream().mapToLong(Long::longValue).toArray();
        }
        return result;
    }

    /** Index of the largest logit, the first one on ties (as {@code torch.argmax}). */
    static int argMax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    private static int sample(float[] logits, Settings settings, SplittableRandom random) {
        double[] p = probabilities(logits, settings.temperature(), settings.topK(), settings.topP());
        double u = random.nextDouble();
        double cumulative = 0;
        int last = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) {
                cumulative += p[i];
                last = i;
                if (u < cumulative) {
                    return i;
                }
            }
        }
        return last; // rounding left u just above the total
    }

    /**
     * The distribution sampling draws from: softmax of {@code logits / temperature} restricted to the top-k
     * tokens (ties with the k-th kept) and then to the top-p nucleus, as {@code transformers}' warpers compute it.
     */
    static double[] probabilities(float[] logits, float temperature, int topK, float topP) {
        int n = logits.length;
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
            scores[i] = temperature == 1f ? logits[i] : logits[i] / temperature;
        }
        if (topK > 0 && topK < n) {
            float[] sorted = scores.clone();
            Arrays.sort(sorted);
            float kth = sorted[n - topK];
            for (int i = 0; i < n; i++) {
                if (scores[i] < kth) {
                    scores[i] = Float.NEGATIVE_INFINITY;
                }
            }
        }
        double[] p = softmax(scores);
        if (topP < 1f) {
            // Walk from the least likely up, dropping tokens while the mass dropped stays within 1 - p;
            // the most likely token always stays.
            Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
            Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]));
            double cumulative = 0;
            for (int r = 0; r < n - 1; r++) {
                int i = order[r];
                cumulative += p[i];
                if (cumulative <= 1 - (double) topP) {
                    scores[i] = Float.NEGATIVE_INFINITY;
                }
            }
            p = softmax(scores);
        }
        return p;
    }

    private static double[] softmax(float[] scores) {
        double max = Double.NEGATIVE_INFINITY;
        for (float s : scores) {
            max = Math.max(max, s);
        }
        double[] p = new double[scores.length];
        double sum = 0;
        for (int i = 0; i < scores.length; i++) {
            p[i] = scores[i] == Float.NEGATIVE_INFINITY ? 0 : Math.exp(scores[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
