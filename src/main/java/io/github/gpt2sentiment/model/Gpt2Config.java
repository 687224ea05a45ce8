package io.github.gpt2sentiment.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * GPT-2's architecture as {@code transformers} writes it in {@code config.json}, with the same defaults for
 * missing entries, plus the label names a sequence classifier needs.
 *
 * <p>Usage: {@code Gpt2Config config = Gpt2Config.load(Path.of("../shared/data/gpt2"));}
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

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().create();

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

    /** This config with all dropout probabilities replaced (0 turns dropout off even in training). */
    public Gpt2Config withDropout(float embd, float attn, float resid) {
        return new Gpt2Config(vocabSize, nPositions, nEmbd, nLayer, nHead, nInner, layerNormEpsilon,
                activationFunction, embd, attn, resid, initializerRange, bosTokenId, eosTokenId, padTokenId,
                labels);
    }

    /**
     * Reads {@code config.json} from a model folder, or the file itself.
     *
     * @throws IllegalArgumentException naming the file when it is missing, not JSON, or not a GPT-2 config
     */
    public static Gpt2Config load(Path folderOrFile) {
        Path file = Files.isDirectory(folderOrFile) ? folderOrFile.resolve("config.json") : folderOrFile;
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("No config.json at " + file.toAbsolutePath()
                    + ": expected a GPT-2 model folder (config.json + model.safetensors)");
        }
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toAbsolutePath().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file.toAbsolutePath(), e);
        }
    }

    /**
     * Parses the text of a {@code config.json}; {@code source} names it in error messages.
     *
     * <p>Missing entries take the defaults of {@code transformers.GPT2Config}; settings this model does not
     * implement (cross-attention, unscaled or layer-scaled attention, other activations) are rejected.
     */
    public static Gpt2Config parse(String json, String source) {
        JsonObject o;
        try {
            JsonElement root = JsonParser.parseString(json);
            if (!root.isJsonObject()) {
                throw new IllegalArgumentException(source + ": expected a JSON object");
            }
            o = root.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(source + " is not valid JSON: " + e.getMessage(), e);
        }
        try {
            String modelType = string(o, "model_type", "gpt2");
            if (!modelType.equals("gpt2")) {
                throw new IllegalArgumentException("model_type is \"" + modelType + "\", expected \"gpt2\"");
            }
            if (bool(o, "add_cross_attention", false)) {
                throw new IllegalArgumentException("add_cross_attention=true is not supported (decoder-only GPT-2)");
            }
            if (!bool(o, "scale_attn_weights", true) || bool(o, "scale_attn_by_inverse_layer_idx", false)) {
                throw new IllegalArgumentException("only the standard attention scaling 1/sqrt(head size) is "
                        + "supported (scale_attn_weights=true, scale_attn_by_inverse_layer_idx=false)");
            }
            int nEmbd = integer(o, "n_embd", 768);
            return new Gpt2Config(
                    integer(o, "vocab_size", 50257),
                    integer(o, "n_positions", o.has("n_ctx") ? integer(o, "n_ctx", 1024) : 1024),
                    nEmbd,
                    integer(o, "n_layer", 12),
                    integer(o, "n_head", 12),
                    nullableInteger(o, "n_inner"),
                    number(o, "layer_norm_epsilon", 1e-5f),
                    string(o, "activation_function", "gelu_new"),
                    number(o, "embd_pdrop", 0.1f),
                    number(o, "attn_pdrop", 0.1f),
                    number(o, "resid_pdrop", 0.1f),
                    number(o, "initializer_range", 0.02f),
                    o.has("bos_token_id") ? nullableInteger(o, "bos_token_id") : Integer.valueOf(50256),
                    o.has("eos_token_id") ? nullableInteger(o, "eos_token_id") : Integer.valueOf(50256),
                    nullableInteger(o, "pad_token_id"),
                    labels(o));
        } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    /**
     * The {@code config.json} text {@code transformers} loads unchanged, declaring the architecture of the given
     * head ({@code GPT2LMHeadModel} or {@code GPT2ForSequenceClassification}).
     */
    public String toJson(Gpt2.Head head) {
        JsonObject o = new JsonObject();
        o.addProperty("model_type", "gpt2");
        JsonArray architectures = new JsonArray();
        architectures.add(head == Gpt2.Head.LANGUAGE_MODEL ? "GPT2LMHeadModel" : "GPT2ForSequenceClassification");
        o.add("architectures", architectures);
        o.addProperty("vocab_size", vocabSize);
        o.addProperty("n_positions", nPositions);
        o.addProperty("n_ctx", nPositions);
        o.addProperty("n_embd", nEmbd);
        o.addProperty("n_layer", nLayer);
        o.addProperty("n_head", nHead);
        o.addProperty("n_inner", nInner);
        o.addProperty("activation_function", activationFunction);
        o.addProperty("layer_norm_epsilon", layerNormEpsilon);
        o.addProperty("embd_pdrop", embdPdrop);
        o.addProperty("attn_pdrop", attnPdrop);
        o.addProperty("resid_pdrop", residPdrop);
        o.addProperty("initializer_range", initializerRange);
        o.addProperty("bos_token_id", bosTokenId);
        o.addProperty("eos_token_id", eosTokenId);
        o.addProperty("pad_token_id", padTokenId);
        o.addProperty("tie_word_embeddings", true);
        o.addProperty("scale_attn_weights", true);
        o.addProperty("use_cache", true);
        o.addProperty("torch_dtype", "float32");
        JsonObject id2label = new JsonObject();
        JsonObject label2id = new JsonObject();
        for (int i = 0; i < labels.size(); i++) {
            id2label.addProperty(Integer.toString(i), labels.get(i));
            label2id.addProperty(labels.get(i), i);
        }
        o.add("id2label", id2label);
        o.add("label2id", label2id);
        return GSON.toJson(o) + "\n";
    }

    private static List<String> labels(JsonObject o) {
        if (o.has("id2label") && o.get("id2label").isJsonObject()) {
            Map<Integer, String> byId = new TreeMap<>();
            for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("id2label").entrySet()) {
                int id;
                try {
                    id = Integer.parseInt(e.getKey());
                } catch (NumberFormatException ex) {
                    throw new IllegalArgumentException("id2label key \"" + e.getKey() + "\" is not an integer id");
                }
                byId.put(id, e.getValue().getAsString());
            }
            List<String> labels = new ArrayList<>(byId.values());
            int expected = 0;
            for (int id : byId.keySet()) {
                if (id != expected++) {
                    throw new IllegalArgumentException("id2label ids must be 0.." + (byId.size() - 1)
                            + " without gaps, got " + byId.keySet());
                }
            }
            if (o.has("num_labels") && o.get("num_labels").getAsInt() != labels.size()) {
                throw new IllegalArgumentException("num_labels (" + o.get("num_labels").getAsInt()
                        + ") disagrees with id2label (" + labels.size() + " labels)");
            }
            return labels;
        }
        int n = integer(o, "num_labels", 2);
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            labels.add("LABEL_" + i);
        }
        return labels;
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be a positive integer, got " + value);
        }
    }

    private static boolean present(JsonObject o, String key) {
        return o.has(key) && !o.get(key).isJsonNull();
    }

    private static int integer(JsonObject o, String key, int fallback) {
        return present(o, key) ? exactInt(o, key) : fallback;
    }

    private static Integer nullableInteger(JsonObject o, String key) {
        return present(o, key) ? Integer.valueOf(exactInt(o, key)) : null;
    }

    private static int exactInt(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException(key + " must be an integer, got " + e);
        }
        double d = e.getAsDouble();
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + " must be an integer, got " + e);
        }
        return (int) d;
    }

    private static float number(JsonObject o, String key, float fallback) {
        if (!present(o, key)) {
            return fallback;
        }
        JsonElement e = o.get(key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException(key + " must be a number, got " + e);
        }
        return e.getAsFloat();
    }

    private static String string(JsonObject o, String key, String fallback) {
        return present(o, key) ? o.get(key).getAsString() : fallback;
    }

    private static boolean bool(JsonObject o, String key, boolean fallback) {
        return present(o, key) ? o.get(key).getAsBoolean() : fallback;
    }
}
