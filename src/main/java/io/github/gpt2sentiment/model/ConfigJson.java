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
import java.util.TreeMap;

/**
 * Reads and writes a {@link Gpt2Config} as {@code transformers}' {@code config.json}, with the same defaults for
 * missing entries; {@link Checkpoint} uses it on both sides.
 *
 * <p>Usage: {@code Gpt2Config config = ConfigJson.load(Path.of("../shared/data/gpt2"));}
 */
public final class ConfigJson {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().create();

    private ConfigJson() {}

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
    public static String toJson(Gpt2Config config, Gpt2.Head head) {
        JsonObject o = new JsonObject();
        o.addProperty("model_type", "gpt2");
        JsonArray architectures = new JsonArray();
        architectures.add(head == Gpt2.Head.LANGUAGE_MODEL ? "GPT2LMHeadModel" : "GPT2ForSequenceClassification");
        o.add("architectures", architectures);
        o.addProperty("vocab_size", config.vocabSize());
        o.addProperty("n_positions", config.nPositions());
        o.addProperty("n_ctx", config.nPositions());
        o.addProperty("n_embd", config.nEmbd());
        o.addProperty("n_layer", config.nLayer());
        o.addProperty("n_head", config.nHead());
        o.addProperty("n_inner", config.nInner());
        o.addProperty("activation_function", config.activationFunction());
        o.addProperty("layer_norm_epsilon", config.layerNormEpsilon());
        o.addProperty("embd_pdrop", config.embdPdrop());
        o.addProperty("attn_pdrop", config.attnPdrop());
        o.addProperty("resid_pdrop", config.residPdrop());
        o.addProperty("initializer_range", config.initializerRange());
        o.addProperty("bos_token_id", config.bosTokenId());
        o.addProperty("eos_token_id", config.eosTokenId());
        o.addProperty("pad_token_id", config.padTokenId());
        o.addProperty("tie_word_embeddings", true);
        o.addProperty("scale_attn_weights", true);
        o.addProperty("use_cache", true);
        o.addProperty("torch_dtype", "float32");
        JsonObject id2label = new JsonObject();
        JsonObject label2id = new JsonObject();
        for (int i = 0; i < config.labels().size(); i++) {
            id2label.addProperty(Integer.toString(i), config.labels().get(i));
            label2id.addProperty(config.labels().get(i), i);
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
