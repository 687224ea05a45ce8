package io.github.gpt2sentiment.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * GPT-2 checkpoints in the Hugging Face layout: a folder with {@code config.json} and {@code model.safetensors}
 * (or sharded {@code model-0000N-of-0000M.safetensors} with {@code model.safetensors.index.json}).
 *
 * <p>Reads the published key names (no prefix, with or without the {@code h.N.attn.bias} mask buffers) and the
 * {@code transformer.} prefix {@code save_pretrained} writes; F32, F16 and BF16 tensors become FLOAT32.
 * Writes what {@code save_pretrained} writes, so {@code transformers} loads it unchanged.
 *
 * <p>Usage:
 * <pre>{@code
 * Checkpoint.Loaded loaded = Checkpoint.load(dir, Gpt2.Head.SEQUENCE_CLASSIFICATION, manager);
 * loaded.report().warning().ifPresent(System.err::println);  // e.g. a newly initialised score head
 * Checkpoint.save(loaded.model(), outDir, tokenizerDir);
 * }</pre>
 */
public final class Checkpoint {

    /** The weights file of an unsharded checkpoint. */
    public static final String WEIGHTS = "model.safetensors";

    /** The index of a sharded checkpoint. */
    public static final String INDEX = "model.safetensors.index.json";

    /** Tokenizer files {@link #save} copies beside the weights when given a tokenizer folder. */
    public static final List<String> TOKENIZER_FILES = List.of("tokenizer.json", "vocab.json", "merges.txt",
            "tokenizer_config.json", "special_tokens_map.json");

    private static final String PREFIX = "transformer.";
    private static final Pattern BUFFER = Pattern.compile("h\\.\\d+\\.attn\\.(bias|masked_bias)");

    private Checkpoint() {}

    /**
     * What loading did besides filling the weights.
     *
     * @param folder the checkpoint folder
     * @param storedTypes the stored tensor types (e.g. {@code [BF16]}), all converted to FLOAT32
     * @param newlyInitialized parameters absent from the checkpoint and freshly initialised (only ever the
     *     classification head {@code score.weight}): predictions mean nothing before fine-tuning
     * @param ignored stored tensors this model does not use: mask buffers, the tied {@code lm_head.weight}, or the
     *     other head's weights
     */
    public record LoadReport(Path folder, Set<String> storedTypes, List<String> newlyInitialized,
            List<String> ignored) {

        public LoadReport {
            storedTypes = Set.copyOf(storedTypes);
            newlyInitialized = List.copyOf(newlyInitialized);
            ignored = List.copyOf(ignored);
        }

        /** A warning for the user when something was newly initialised. */
        public java.util.Optional<String> warning() {
            if (newlyInitialized.isEmpty()) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of("Warning: " + String.join(", ", newlyInitialized) + " not in " + folder
                    + ": newly initialised with random weights; fine-tune before trusting its predictions.");
        }
    }

    /** A loaded model, its configuration and the load report. */
    public record Loaded(Gpt2 model, Gpt2Config config, LoadReport report) {}

    /**
     * Loads a classifier to predict with (not to fine-tune): a folder without a trained {@code score.weight} (a
     * language model) is refused, since its labels would be random, unless {@code randomHeadSeed} asks for a random
     * head on purpose; that head is then drawn reproducibly from the seed, and the report's warning says so.
     *
     * <p>Usage: {@code Gpt2 cls = Checkpoint.loadTrainedClassifier(dir, manager, null).model();}
     *
     * @throws IllegalArgumentException naming the folder when it has no classification head and no seed is given
     */
    public static Loaded loadTrainedClassifier(Path folder, NDManager manager, Long randomHeadSeed) {
        return loadTrainedClassifier(folder, manager, randomHeadSeed, LoraAdapter::localBase);
    }

    /**
     * {@link #loadTrainedClassifier(Path, NDManager, Long)}, a LoRA adapter folder merged onto the base that
     * {@code resolveBase} finds, as in {@link #load(Path, Gpt2.Head, NDManager, Function)}.
     */
    public static Loaded loadTrainedClassifier(Path folder, NDManager manager, Long randomHeadSeed,
            Function<String, Path> resolveBase) {
        if (randomHeadSeed != null) {
            ai.djl.engine.Engine.getInstance().setRandomSeed(randomHeadSeed.intValue());
        }
        Loaded loaded = load(folder, Gpt2.Head.SEQUENCE_CLASSIFICATION, manager, resolveBase);
        if (randomHeadSeed == null && !loaded.report().newlyInitialized().isEmpty()) {
            throw new IllegalArgumentException(folder.toAbsolutePath() + " has no classification head ("
                    + String.join(", ", loaded.report().newlyInitialized()) + "): it is a language model, not a "
                    + "fine-tuned classifier; use a folder the train command wrote, run baseline on it for zero-shot "
                    + "labels, or ask classify for a seeded random head with --random-head --seed N");
        }
        return loaded;
    }

    /**
     * Loads a checkpoint folder into a new model whose arrays belong to {@code manager}.
     *
     * <p>A classifier loaded from a language-model checkpoint gets a new {@code score.weight} (drawn from the
     * engine's random generator: seed it with {@code Engine.getInstance().setRandomSeed} for a reproducible head),
     * which the report lists; a missing {@code pad_token_id} is left missing (see {@link Gpt2}).
     *
     * @throws IllegalArgumentException listing every missing, unexpected and wrongly shaped tensor at once; no
     *     arrays stay allocated then
     */
    public static Loaded load(Path folder, Gpt2.Head head, NDManager manager) {
        return load(folder, head, manager, LoraAdapter::localBase);
    }

    /**
     * {@link #load(Path, Gpt2.Head, NDManager)}, a LoRA adapter folder included: it is merged onto the base its
     * {@code base_model_name_or_path} names, found by {@code resolveBase}. Every loader above the hub package passes
     * {@code ModelSource::resolve} (a hub id, downloaded once, or a folder), so an adapter opens the same way
     * everywhere; this package, below the hub, knows folders only ({@link LoraAdapter#localBase}).
     *
     * <p>Usage: {@code Checkpoint.load(dir, Gpt2.Head.SEQUENCE_CLASSIFICATION, manager, ModelSource::resolve)}
     */
    public static Loaded load(Path folder, Gpt2.Head head, NDManager manager, Function<String, Path> resolveBase) {
        if (LoraAdapter.isAdapterFolder(folder)) {
            if (head != Gpt2.Head.SEQUENCE_CLASSIFICATION) {
                throw new IllegalArgumentException(folder.toAbsolutePath() + " is a LoRA adapter of a classifier, "
                        + "not a language model");
            }
            return LoraAdapter.load(folder, resolveBase, manager, true);
        }
        Gpt2Config config = ConfigJson.load(folder);
        Map<String, Shape> expected = new Gpt2(config, head).parameterShapes();
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> wrongShape = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        List<String> ignored = new ArrayList<>();
        Set<String> types = new TreeSet<>();
        boolean ok = false;
        try {
            for (Path file : weightFiles(folder)) {
                try (Safetensors st = Safetensors.open(file)) {
                    for (Safetensors.Entry entry : st.entries().values()) {
                        String stored = entry.name();
                        String name = stored.startsWith(PREFIX) ? stored.substring(PREFIX.length()) : stored;
                        if (BUFFER.matcher(name).matches() || name.equals("lm_head.weight")
                                || (name.equals("score.weight") && head == Gpt2.Head.LANGUAGE_MODEL)) {
                            ignored.add(stored);
                            continue;
                        }
                        Shape shape = expected.get(name);
                        if (shape == null) {
                            unexpected.add(stored + " " + Arrays.toString(entry.shape()));
                        } else if (!seen.add(name)) {
                            unexpected.add(stored + " (a second copy of " + name + ")");
                        } else if (!shape.equals(entry.djlShape())) {
                            wrongShape.add(stored + " is " + Arrays.toString(entry.shape()) + ", expected "
                                    + Arrays.toString(shape.getShape()));
                        } else {
                            types.add(entry.dtype());
                            arrays.put(name, st.toFloat32(stored, manager));
                        }
                    }
                }
            }
            List<String> fresh = new ArrayList<>();
            for (Map.Entry<String, Shape> e : expected.entrySet()) {
                if (!seen.contains(e.getKey())) {
                    if (e.getKey().equals("score.weight")) {
                        fresh.add(e.getKey());
                    } else {
                        missing.add(e.getKey() + " " + Arrays.toString(e.getValue().getShape()));
                    }
                }
            }
            if (!missing.isEmpty() || !unexpected.isEmpty() || !wrongShape.isEmpty()) {
                StringBuilder message = new StringBuilder("Checkpoint " + folder.toAbsolutePath()
                        + " does not fit the GPT-2 of its config.json (n_layer=" + config.nLayer() + ", n_embd="
                        + config.nEmbd() + ", vocab_size=" + config.vocabSize() + "):");
                appendList(message, "missing", missing);
                appendList(message, "unexpected", unexpected);
                appendList(message, "wrong shape", wrongShape);
                throw new IllegalArgumentException(message.toString());
            }
            Gpt2 model = new Gpt2(config, head, arrays, null);
            model.markInitialized(manager);
            ok = true;
            return new Loaded(model, config, new LoadReport(folder, types, fresh, ignored));
        } finally {
            if (!ok) {
                arrays.values().forEach(NDArray::close);
            }
        }
    }

    private static void appendList(StringBuilder message, String what, List<String> names) {
        if (!names.isEmpty()) {
            message.append("\n  ").append(what).append(" (").append(names.size()).append("): ");
            message.append(String.join(", ", names));
        }
    }

    /** The safetensors files of a checkpoint: {@code model.safetensors}, or the shards its index lists. */
    static List<Path> weightFiles(Path folder) {
        Path single = folder.resolve(WEIGHTS);
        if (Files.isRegularFile(single)) {
            return List.of(single);
        }
        Path index = folder.resolve(INDEX);
        if (Files.isRegularFile(index)) {
            try {
                JsonObject map = JsonParser.parseString(Files.readString(index, StandardCharsets.UTF_8))
                        .getAsJsonObject().getAsJsonObject("weight_map");
                Set<Path> shards = new LinkedHashSet<>();
                for (Map.Entry<String, JsonElement> e : map.entrySet()) {
                    Path shard = folder.resolve(e.getValue().getAsString());
                    if (!Files.isRegularFile(shard)) {
                        throw new IllegalArgumentException(index.toAbsolutePath() + " lists " + shard.getFileName()
                                + ", which is not in the folder");
                    }
                    shards.add(shard);
                }
                return List.copyOf(shards);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + index.toAbsolutePath(), e);
            } catch (RuntimeException e) {
                if (e instanceof IllegalArgumentException) {
                    throw e;
                }
                throw new IllegalArgumentException(index.toAbsolutePath() + " is not a safetensors index ("
                        + e.getMessage() + ")", e);
            }
        }
        String hint = Files.isRegularFile(folder.resolve("pytorch_model.bin"))
                ? " (it has pytorch_model.bin: only safetensors are read; re-save it with "
                        + "save_pretrained(dir, safe_serialization=True))"
                : "";
        throw new IllegalArgumentException("No " + WEIGHTS + " in " + folder.toAbsolutePath() + hint);
    }

    /**
     * Overwrites a live model's weights with a checkpoint's (resuming training, keeping the best weights), keeping
     * its arrays, so an optimizer holding them stays valid.
     *
     * <p>Usage: {@code Checkpoint.restore(model, Path.of("runs/best"));}
     *
     * @throws IllegalArgumentException when the checkpoint lacks a tensor of the model or has another architecture
     */
    public static void restore(Gpt2 model, Path folder) {
        NDManager manager = model.getParameters().valueAt(0).getArray().getManager();
        try (NDManager scope = manager.newSubManager()) {
            Loaded loaded = load(folder, model.head(), scope);
            if (!loaded.report().newlyInitialized().isEmpty()) {
                throw new IllegalArgumentException(folder + " lacks " + loaded.report().newlyInitialized()
                        + ": not a checkpoint of this model");
            }
            copyWeights(loaded.model(), model);
        }
    }

    /**
     * Copies every weight of {@code from} into {@code to}'s arrays, by name.
     *
     * <p>Usage: {@code Checkpoint.copyWeights(loaded.model(), relabelled);}
     *
     * @throws IllegalArgumentException when the two models differ in architecture
     */
    public static void copyWeights(Gpt2 from, Gpt2 to) {
        if (!from.parameterShapes().equals(to.parameterShapes())) {
            throw new IllegalArgumentException("Cannot copy weights between different architectures: "
                    + from.parameterShapes().size() + " tensors into " + to.parameterShapes().size()
                    + " or shapes differ");
        }
        var source = from.getParameters();
        var target = to.getParameters();
        for (int i = 0; i < target.size(); i++) {
            source.valueAt(i).getArray().copyTo(target.valueAt(i).getArray());
        }
    }

    /**
     * Saves {@code config.json} and {@code model.safetensors} (F32) as {@code save_pretrained} lays them out: the
     * transformer's tensors under {@code transformer.}, {@code score.weight} at the top, the tied language-model
     * head omitted, label names in the config. Each file is written atomically, the weights first.
     *
     * @param tokenizerFolder where to copy the tokenizer files from ({@link #TOKENIZER_FILES}), or {@code null}
     */
    public static void save(Gpt2 model, Path folder, Path tokenizerFolder) {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (Parameter p : model.getDirectParameters().values()) {
            String name = p.getName();
            tensors.put(name.equals("score.weight") ? name : PREFIX + name, p.getArray());
        }
        Safetensors.write(folder.resolve(WEIGHTS), tensors);
        byte[] config = ConfigJson.toJson(model.config(), model.head()).getBytes(StandardCharsets.UTF_8);
        Safetensors.writeAtomically(folder.resolve("config.json"), out -> out.write(config));
        copyTokenizer(tokenizerFolder, folder);
    }

    /**
     * Saves a GPT-2 of {@code config} with seeded random weights (GPT-2's initialisation) as {@link #save} does: what
     * {@code init-model}, the benchmarks and the tests start from where no real weights may be downloaded. Same
     * seed, same weights.
     *
     * <p>Usage: {@code long n = Checkpoint.saveRandom(config, Gpt2.Head.LANGUAGE_MODEL, 42, folder, tokenizerDir);}
     *
     * @return how many parameters were written
     */
    public static long saveRandom(Gpt2Config config, Gpt2.Head head, int seed, Path folder, Path tokenizerFolder) {
        Engine.getInstance().setRandomSeed(seed);
        try (NDManager manager = NDManager.newBaseManager()) {
            Gpt2 model = new Gpt2(config, head);
            model.initialize(manager, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1));
            save(model, folder, tokenizerFolder);
            return model.parameterShapes().values().stream().mapToLong(Shape::size).sum();
        }
    }

    /** Copies the {@link #TOKENIZER_FILES} there are from {@code tokenizerFolder} (null: none) into {@code folder}. */
    static void copyTokenizer(Path tokenizerFolder, Path folder) {
        if (tokenizerFolder != null) {
            for (String name : TOKENIZER_FILES) {
                Path source = tokenizerFolder.resolve(name);
                if (Files.isRegularFile(source) && !source.toAbsolutePath().equals(
                        folder.resolve(name).toAbsolutePath())) {
                    Safetensors.writeAtomically(folder.resolve(name), out -> Files.copy(source, out));
                }
            }
        }
    }
}
