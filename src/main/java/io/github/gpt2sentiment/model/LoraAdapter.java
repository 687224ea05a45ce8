package io.github.gpt2sentiment.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * New LoRA adapters on a model ({@code peft}'s {@code get_peft_model}), and adapter folders exactly as
 * {@code peft}'s {@code save_pretrained} writes them for a
 * {@code GPT2ForSequenceClassification}, so {@code PeftModel.from_pretrained(base, folder)} loads what this project
 * trained, and this project loads what {@code peft} trained:
 * <pre>
 *   adapter_config.json         peft_type LORA, task_type SEQ_CLS, r, lora_alpha, lora_dropout, target_modules,
 *                               fan_in_fan_out true, modules_to_save [classifier, score], base_model_name_or_path
 *   adapter_model.safetensors   base_model.model.transformer.h.N.attn.c_attn.lora_A.weight [r, in]
 *                               base_model.model.transformer.h.N.attn.c_attn.lora_B.weight [out, r]
 *                               base_model.model.score.weight [num_labels, n_embd]  (trained in full)
 * </pre>
 * The base weights are not in the folder: {@code base_model_name_or_path} names them (a hub id or a folder).
 *
 * <p>Usage:
 * <pre>{@code
 * Gpt2 model = LoraAdapter.attach(classifier, LoraConfig.defaults(), manager); // then train it
 * LoraAdapter.save(model, Path.of("runs/lora"), "gpt2", tokenizerDir);
 * Gpt2 merged = LoraAdapter.load(Path.of("runs/lora"), ModelSource.resolve("gpt2"), manager, true).model();
 * }</pre>
 */
public final class LoraAdapter {

    /** The adapter's settings file; a folder holding it is an adapter folder. */
    public static final String CONFIG = "adapter_config.json";

    /** The adapter's weights file. */
    public static final String WEIGHTS = "adapter_model.safetensors";

    /** What peft prefixes every key with: the PeftModel's base model, then the transformers model. */
    private static final String PREFIX = "base_model.model.";

    private LoraAdapter() {}

    /** What {@code adapter_config.json} says: the LoRA settings and the base model as the user named it. */
    public record Settings(LoraConfig lora, String baseModel) {}

    /** Whether {@code folder} is an adapter folder (it holds {@link #CONFIG}). */
    public static boolean isAdapterFolder(Path folder) {
        return Files.isRegularFile(folder.resolve(CONFIG));
    }

    /**
     * Reads {@code adapter_config.json}.
     *
     * @throws IllegalArgumentException naming the file and the field when it is not a LoRA adapter this project
     *     can apply (another peft_type or task_type, fan_in_fan_out false, a bias, DoRA, rsLoRA, per-layer ranks)
     */
    public static Settings readSettings(Path folder) {
        Path file = folder.resolve(CONFIG);
        JsonObject json;
        try {
            json = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file.toAbsolutePath(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file.toAbsolutePath() + " is not a JSON object: " + e.getMessage(), e);
        }
        require(file, json, "peft_type", "LORA");
        require(file, json, "task_type", "SEQ_CLS");
        require(file, json, "bias", "none");
        for (String flag : List.of("use_dora", "use_rslora")) {
            if (json.has(flag) && json.get(flag).getAsBoolean()) {
                throw new IllegalArgumentException(file.toAbsolutePath() + ": " + flag + " true is not supported");
            }
        }
        for (String pattern : List.of("rank_pattern", "alpha_pattern")) {
            if (json.has(pattern) && json.get(pattern).isJsonObject() && json.getAsJsonObject(pattern).size() > 0) {
                throw new IllegalArgumentException(file.toAbsolutePath() + ": " + pattern + " is not supported");
            }
        }
        if (!json.has("fan_in_fan_out") || !json.get("fan_in_fan_out").getAsBoolean()) {
            throw new IllegalArgumentException(file.toAbsolutePath() + ": fan_in_fan_out must be true for GPT-2's "
                    + "Conv1D layers");
        }
        try {
            List<String> targets = new ArrayList<>();
            JsonElement t = json.get("target_modules");
            if (t.isJsonArray()) {
                t.getAsJsonArray().forEach(e -> targets.add(e.getAsString()));
            } else {
                targets.add(t.getAsString());
            }
            LoraConfig lora = new LoraConfig(json.get("r").getAsInt(), json.get("lora_alpha").getAsDouble(),
                    json.get("lora_dropout").getAsDouble(), targets);
            return new Settings(lora, json.get("base_model_name_or_path").getAsString());
        } catch (NullPointerException | IllegalStateException | UnsupportedOperationException e) {
            throw new IllegalArgumentException(file.toAbsolutePath() + " lacks r, lora_alpha, lora_dropout, "
                    + "target_modules or base_model_name_or_path", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static void require(Path file, JsonObject json, String field, String value) {
        JsonElement e = json.get(field);
        if (e == null || e.isJsonNull() || !e.getAsString().equals(value)) {
            throw new IllegalArgumentException(file.toAbsolutePath() + ": " + field + " must be \"" + value
                    + "\", got " + e);
        }
    }

    /**
     * The base model's folder when {@code base_model_name_or_path} is a local folder (absolute, or relative to the
     * working directory as peft reads it); a hub id needs a resolver that downloads it
     * ({@link #load(Path, Function, NDManager, boolean)}).
     */
    public static Path localBase(String baseModel) {
        Path path = Path.of(baseModel);
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException("The adapter's base model '" + baseModel + "' is not a folder here; "
                    + "a hub id needs the command line (which downloads it) or a folder path in "
                    + "base_model_name_or_path");
        }
        return path;
    }

    /**
     * {@code model}'s weights (the arrays shared, not copied) with new LoRA adapters, which leave its output as it
     * was until they train; they and the classification head train, the rest is frozen.
     *
     * <p>Usage: {@code Gpt2 adapted = LoraAdapter.attach(classifier, LoraConfig.defaults(), manager);}
     */
    public static Gpt2 attach(Gpt2 model, LoraConfig lora, NDManager manager) {
        if (model.lora() != null) {
            throw new IllegalStateException("The model has LoRA adapters already");
        }
        Gpt2 adapted = new Gpt2(model.config(), model.head(), model.byName(Parameter::getArray), lora);
        adapted.markInitialized(manager);
        return adapted;
    }

    /**
     * Writes the adapter folder of a LoRA model: its adapter weights and classification head under peft's names,
     * {@code adapter_config.json}, and the tokenizer files, each file atomically.
     *
     * @param baseModel {@code base_model_name_or_path}: the base as the user named it (hub id or folder)
     * @param tokenizerFolder where to copy the tokenizer files from, or null
     */
    public static void save(Gpt2 model, Path folder, String baseModel, Path tokenizerFolder) {
        LoraConfig lora = model.lora();
        if (lora == null) {
            throw new IllegalArgumentException("The model has no LoRA adapters to save");
        }
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (Parameter p : model.getDirectParameters().values()) {
            if (LoraConv1d.isAdapter(p.getName())) {
                tensors.put(PREFIX + "transformer." + p.getName(), p.getArray());
            } else if (p.getName().equals("score.weight")) {
                tensors.put(PREFIX + p.getName(), p.getArray());
            }
        }
        Safetensors.write(folder.resolve(WEIGHTS), tensors);
        JsonObject json = new JsonObject();
        json.addProperty("base_model_name_or_path", baseModel);
        json.addProperty("bias", "none");
        json.addProperty("fan_in_fan_out", true);
        json.addProperty("inference_mode", true);
        json.addProperty("init_lora_weights", true);
        if (lora.alpha() == Math.rint(lora.alpha())) {
            json.addProperty("lora_alpha", (long) lora.alpha()); // an int, as peft writes it
        } else {
            json.addProperty("lora_alpha", lora.alpha());
        }
        json.addProperty("lora_dropout", lora.dropout());
        JsonArray save = new JsonArray();
        save.add("classifier"); // peft names both heads it knows for SEQ_CLS
        save.add("score");
        json.add("modules_to_save", save);
        json.addProperty("peft_type", "LORA");
        json.addProperty("r", lora.r());
        JsonArray targets = new JsonArray();
        lora.targets().forEach(targets::add);
        json.add("target_modules", targets);
        json.addProperty("task_type", "SEQ_CLS");
        json.addProperty("use_dora", false);
        json.addProperty("use_rslora", false);
        byte[] bytes = (new GsonBuilder().setPrettyPrinting().create().toJson(json) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        Safetensors.writeAtomically(folder.resolve(CONFIG), out -> out.write(bytes));
        Checkpoint.copyTokenizer(tokenizerFolder, folder);
    }

    /**
     * Loads an adapter folder onto its base as a classifier, the base found by {@code resolveBase} from
     * {@code base_model_name_or_path} ({@code ModelSource::resolve} for hub ids, {@link #localBase} for folders).
     */
    public static Checkpoint.Loaded load(Path folder, Function<String, Path> resolveBase, NDManager manager,
            boolean merge) {
        return load(folder, resolveBase.apply(readSettings(folder).baseModel()), manager, merge);
    }

    /**
     * Loads an adapter folder onto the base checkpoint in {@code baseFolder} as a classifier.
     *
     * @param merge true: a plain model whose Conv1D weights include the update ({@code W + (B A)^T alpha / r}),
     *     as fast as the base; false: the LoRA model, adapters apart (to train further)
     * @throws IllegalArgumentException listing every missing, unexpected or misshaped adapter tensor
     */
    public static Checkpoint.Loaded load(Path folder, Path baseFolder, NDManager manager, boolean merge) {
        Settings settings = readSettings(folder);
        Checkpoint.Loaded base = Checkpoint.load(baseFolder, Gpt2.Head.SEQUENCE_CLASSIFICATION, manager);
        Gpt2Config config = base.config().padTokenId() != null ? base.config()
                : base.config().withPadTokenId(base.config().eosTokenId()); // how the trainer padded
        Map<String, NDArray> arrays = base.model().byName(Parameter::getArray);
        Map<String, NDArray> adapter = readTensors(folder, new Gpt2(config, Gpt2.Head.SEQUENCE_CLASSIFICATION,
                settings.lora()), manager);
        NDArray oldHead = arrays.put("score.weight", adapter.remove("score.weight"));
        if (oldHead != null) {
            oldHead.close();
        }
        if (merge) {
            double scaling = settings.lora().scaling();
            for (Map.Entry<String, NDArray> e : adapter.entrySet()) {
                if (e.getKey().endsWith(".lora_A.weight")) {
                    String module = e.getKey().substring(0, e.getKey().length() - ".lora_A.weight".length());
                    NDArray a = e.getValue();
                    NDArray b = adapter.get(module + ".lora_B.weight");
                    try (NDManager scope = manager.newSubManager()) {
                        a.tempAttach(scope);
                        b.tempAttach(scope);
                        // fan_in_fan_out: the stored weight is [in, out], the update (B A)^T = A^T B^T.
                        NDArray delta = a.transpose().matMul(b.transpose()).muli((float) scaling);
                        arrays.get(module + ".weight").addi(delta);
                    }
                }
            }
            adapter.values().forEach(NDArray::close);
        } else {
            arrays.putAll(adapter);
        }
        Gpt2 model = new Gpt2(config, Gpt2.Head.SEQUENCE_CLASSIFICATION, arrays, merge ? null : settings.lora());
        model.markInitialized(manager);
        Checkpoint.LoadReport report = new Checkpoint.LoadReport(folder, base.report().storedTypes(), List.of(),
                base.report().ignored());
        return new Checkpoint.Loaded(model, config, report);
    }

    /**
     * Overwrites a live LoRA model's adapters and head with an adapter folder's (resuming, keeping the best),
     * keeping its arrays so an optimizer holding them stays valid.
     */
    public static void restore(Gpt2 model, Path folder) {
        NDManager manager = model.getParameters().valueAt(0).getArray().getManager();
        try (NDManager scope = manager.newSubManager()) {
            Map<String, NDArray> stored = readTensors(folder, model, scope);
            for (Parameter p : model.getDirectParameters().values()) {
                NDArray source = stored.get(p.getName());
                if (source != null) {
                    source.copyTo(p.getArray());
                }
            }
        }
    }

    /** The adapter tensors and head of {@code folder} by model name, checked against {@code model}'s. */
    private static Map<String, NDArray> readTensors(Path folder, Gpt2 model, NDManager manager) {
        Map<String, Shape> expected = new LinkedHashMap<>();
        model.parameterShapes().forEach((name, shape) -> {
            if (LoraConv1d.isAdapter(name) || name.equals("score.weight")) {
                expected.put(name, shape);
            }
        });
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        boolean ok = false;
        try (Safetensors st = Safetensors.open(folder.resolve(WEIGHTS))) {
            for (Safetensors.Entry entry : st.entries().values()) {
                String name = entry.name().startsWith(PREFIX) ? entry.name().substring(PREFIX.length()) : entry.name();
                name = name.startsWith("transformer.") ? name.substring("transformer.".length()) : name;
                Shape shape = expected.get(name);
                if (shape == null) {
                    problems.add("unexpected " + entry.name());
                } else if (!shape.equals(entry.djlShape())) {
                    problems.add(entry.name() + " is " + Arrays.toString(entry.shape()) + ", expected "
                            + Arrays.toString(shape.getShape()));
                } else {
                    arrays.put(name, st.toFloat32(entry.name(), manager));
                }
            }
            for (String name : expected.keySet()) {
                if (!arrays.containsKey(name) && problems.stream().noneMatch(p -> p.contains(name))) {
                    problems.add("missing " + name);
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("Adapter " + folder.resolve(WEIGHTS).toAbsolutePath()
                        + " does not fit its adapter_config.json and base model: " + String.join(", ", problems));
            }
            ok = true;
            return arrays;
        } finally {
            if (!ok) {
                arrays.values().forEach(NDArray::close);
            }
        }
    }
}
