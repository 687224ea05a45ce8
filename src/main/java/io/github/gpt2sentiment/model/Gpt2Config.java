package io.github.gpt2sentiment.model;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * GPT-2's architecture as {@code transformers} writes it in {@code config.json}, with the same defaults for
 * missing entries, plus the label names a sequence classifier needs.
 *
 * <p>Usage: {@code Gpt2Config config = ConfigJson.load(Path.of("../shared/data/gpt2"));} (reading and writing
 * {@code config.json} lives in {@link ConfigJson}, beside the checkpoint code)
 *
 * @param vocabSize number of token embeddings ({@code vocab_size})
 * @param nPositions longest sequence, rows of the position table ({@code n_positions})
 * @param nEmbd model width ({@code n_embd})
 * @param nLayer number of transformer blocks ({@code n_layer})
 * @param nHead attention heads per block ({@code n_head}); must divide {@code nEmbd}
 * @param nInner width of the MLP as written in the file, {@code null} meaning {@code 4 * nEmbd} ({@code n_inner})
 * @param layerNormEpsilon epsilon of every layer norm ({@code layer_norm_epsilon})
 * @param activationFunction MLP activation: {@code gelu_new} (also spelled {@code gelu_pytorch_tanh}) or {@code gelu}
 * @param embdPdrop dropout after the embeddings ({@code embd_pdrop})
 * @param attnPdrop dropout on the attention probabilities ({@code attn_pdrop})
 * @param residPdrop dropout before each residual add ({@code resid_pdrop})
 * @param initializerRange standard deviation of freshly initialised weights ({@code initializer_range})
 * @param bosTokenId beginning-of-text id, or {@code null}
 * @param eosTokenId end-of-text id (generation stops there), or {@code null}
 * @param padTokenId padding id the classifier uses to find each row's last real token, or {@code null}
 * @param labels the classifier's label names in id order ({@code id2label}); two default names when absent
 */
public record Gpt2Config(
        int vocabSize,
        int nPositions,
        int nEmbd,
        int nLayer,
        int nHead,
        Integer nInner,
        float layerNormEpsilon,
        String activationFunction,
        float embdPdrop,
        float attnPdrop,
        float residPdrop,
        float initializerRange,
        Integer bosTokenId,
        Integer eosTokenId,
        Integer padTokenId,
        List<String> labels) {

    /** Activations this model implements, by their {@code transformers} names. */
    public static final Set<String> ACTIVATIONS = Set.of("gelu_new", "gelu_pytorch_tanh", "gelu");

    /** Checks the architecture can be built; every problem names the field and the value that was expected. */
    public Gpt2Config {
        labels = List.copyOf(labels);
        requirePositive("vocab_size", vocabSize);
        requirePositive("n_positions", nPositions);
        requirePositive("n_embd", nEmbd);
        requirePositive("n_layer", nLayer);
        requirePositive("n_head", nHead);
        if (nInner != null) {
            requirePositive("n_inner", nInner);
        }
        if (nEmbd % nHead != 0) {
            throw new IllegalArgumentException(
                    "n_embd (" + nEmbd + ") must be a multiple of n_head (" + nHead + ")");
        }
        if (!ACTIVATIONS.contains(activationFunction)) {
            throw new IllegalArgumentException("Unsupported activation_function \"" + activationFunction
                    + "\": this GPT-2 implements " + new TreeSet<>(ACTIVATIONS));
        }
        if (!(layerNormEpsilon > 0)) {
            throw new IllegalArgumentException("layer_norm_epsilon must be > 0, got " + layerNormEpsilon);
        }
        for (float p : new float[] {embdPdrop, attnPdrop, residPdrop}) {
            if (!(p >= 0 && p < 1)) {
                throw new IllegalArgumentException("Dropout probabilities must be in [0, 1), got " + p);
            }
        }
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("A GPT-2 config needs at least one label (id2label)");
        }
        if (padTokenId != null && (padTokenId < 0 || padTokenId >= vocabSize)) {
            // The classifier compares ids with it; an id the model never sees would make every token "real".
            throw new IllegalArgumentException("pad_token_id " + padTokenId + " is outside the vocabulary [0, "
                    + vocabSize + ")");
        }
    }

    /** The MLP's hidden width: {@code n_inner}, or four times the model width when it is unset. */
    public int innerSize() {
        return nInner != null ? nInner : 4 * nEmbd;
    }

    /** Width of one attention head. */
    public int headSize() {
        return nEmbd / nHead;
    }

    /** Number of classifier outputs ({@code num_labels}). */
    public int numLabels() {
        return labels.size();
    }

    /** Label name to id, as {@code label2id}. */
    public Map<String, Integer> label2id() {
        Map<String, Integer> map = new TreeMap<>();
        for (int i = 0; i < labels.size(); i++) {
            map.put(labels.get(i), i);
        }
        return map;
    }

    /** This config with other label names (e.g. {@code List.of("NEGATIVE", "POSITIVE")}) for a new classifier. */
    public Gpt2Config withLabels(List<String> newLabels) {
        return new Gpt2Config(vocabSize, nPositions, nEmbd, nLayer, nHead, nInner, layerNormEpsilon,
                activationFunction, embdPdrop, attnPdrop, residPdrop, initializerRange, bosTokenId, eosTokenId,
                padTokenId, newLabels);
    }

    /** This config with another padding id ({@code null} for none). */
    public Gpt2Config withPadTokenId(Integer newPadTokenId) {
        return new Gpt2Config(vocabSize, nPositions, nEmbd, nLayer, nHead, nInner, layerNormEpsilon,
                activationFunction, embdPdrop, attnPdrop, residPdrop, initializerRange, bosTokenId, eosTokenId,
                newPadTokenId, labels);
    }

    /**
     * The same GPT-2 at another size, for random-weight models (tests, benchmarks, {@code init-model}). A new width
     * leaves {@code n_inner} unset, so the MLP stays 4 times as wide.
     *
     * <p>Usage: {@code Gpt2Config tiny = ConfigJson.load(dir).resized(256, 64, 2, 2);}
     */
    public Gpt2Config resized(int positions, int width, int layers, int heads) {
        return new Gpt2Config(vocabSize, positions, width, layers, heads, width == nEmbd ? nInner : null,
                layerNormEpsilon, activationFunction, embdPdrop, attnPdrop, residPdrop, initializerRange, bosTokenId,
                eosTokenId, padTokenId, labels);
    }

    /** This config with all dropout probabilities replaced (0 turns dropout off even in training). */
    public Gpt2Config withDropout(float embd, float attn, float resid) {
        return new Gpt2Config(vocabSize, nPositions, nEmbd, nLayer, nHead, nInner, layerNormEpsilon,
                activationFunction, embd, attn, resid, initializerRange, bosTokenId, eosTokenId, padTokenId,
                labels);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be a positive integer, got " + value);
        }
    }
}
