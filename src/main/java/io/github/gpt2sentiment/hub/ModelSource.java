package io.github.gpt2sentiment.hub;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.gpt2sentiment.data.DataSource;
import io.github.gpt2sentiment.hub.HubException.Kind;
import io.github.gpt2sentiment.model.LoraAdapter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what a user typed after {@code --model} into a folder holding a GPT-2 checkpoint: a local folder as it is,
 * or a Hugging Face hub id ({@code gpt2}, {@code openai-community/gpt2}, {@code distilgpt2}, {@code you/your-model})
 * downloaded into the shared cache.
 *
 * <p>Usage: {@code Path dir = ModelSource.resolve("gpt2", "main"); // .../snapshots/<commit>/ with config.json}
 *
 * <p>From the hub it fetches {@code config.json}, {@code model.safetensors} (or the shards a
 * {@code model.safetensors.index.json} lists) and {@code tokenizer.json}, plus {@code vocab.json},
 * {@code merges.txt}, {@code tokenizer_config.json}, {@code special_tokens_map.json} and
 * {@code generation_config.json} when the repository has them. All files come from one commit, even if the
 * branch moves meanwhile.
 */
public final class ModelSource {

    private static final Logger LOG = LoggerFactory.getLogger(ModelSource.class);

    /** The revision used when none is given: the default branch. */
    public static final String DEFAULT_REVISION = "main";

    static final String CONFIG = "config.json";
    static final String WEIGHTS = "model.safetensors";
    static final String WEIGHTS_INDEX = "model.safetensors.index.json";
    static final String TOKENIZER = "tokenizer.json";
    static final List<String> OPTIONAL_TOKENIZER = List.of("vocab.json", "merges.txt", "tokenizer_config.json",
            "special_tokens_map.json");
    static final String GENERATION_CONFIG = "generation_config.json";

    private ModelSource() {}

    /** {@link #resolve(String, String)} at the default branch. */
    public static Path resolve(String idOrDir) {
        return resolve(idOrDir, DEFAULT_REVISION);
    }

    /**
     * The folder of a checkpoint: {@code idOrDir} itself when it is a local folder (it must hold
     * {@code config.json}), else the cache snapshot of that hub repository at {@code revision} (a branch, tag or
     * commit hash; null means {@code main}), downloaded when needed with the settings of the environment
     * ({@code HF_HUB_CACHE}, {@code HF_HOME}, {@code HF_ENDPOINT}, {@code HF_TOKEN}, {@code HF_HUB_OFFLINE}).
     *
     * @throws IllegalArgumentException for a folder without {@code config.json}, or text that is neither a folder
     *     nor a hub id
     * @throws HubException when the download fails, with the reason and what to do
     */
    public static Path resolve(String idOrDir, String revision) {
        if (isLocal(idOrDir)) {
            return checkLocal(Path.of(idOrDir));
        }
        return resolve(idOrDir, revision, new HubClient(HubSettings.fromEnvironment()));
    }

    /** {@link #resolve(String, String)} with an explicit hub client (another cache, endpoint or token). */
    public static Path resolve(String idOrDir, String revision, HubClient hub) {
        if (isLocal(idOrDir)) {
            return checkLocal(Path.of(idOrDir));
        }
        return pinned(checkHubId(idOrDir), revision, hub, CONFIG, ModelSource::fetchAll);
    }

    /**
     * The folder of a tokenizer: {@code idOrDir} itself when it is a local folder (it must hold
     * {@code tokenizer.json}), else the cache snapshot of that hub repository with its tokenizer files only
     * ({@code tokenizer.json}, plus {@code vocab.json}, {@code merges.txt}, {@code tokenizer_config.json} and
     * {@code special_tokens_map.json} when present): a few MB, not the weights.
     *
     * <p>Usage: {@code Gpt2Tokenizer.load(ModelSource.resolveTokenizer("gpt2", "main", new HubClient(settings)))}
     */
    public static Path resolveTokenizer(String idOrDir, String revision, HubClient hub) {
        if (isLocal(idOrDir)) {
            Path dir = Path.of(idOrDir);
            if (!Files.isRegularFile(dir.resolve(TOKENIZER))) {
                throw new IllegalArgumentException("Tokenizer folder " + dir.toAbsolutePath() + " has no " + TOKENIZER
                        + ": expected a folder holding GPT-2's tokenizer.json, or a hub id such as 'gpt2'");
            }
            return dir;
        }
        return pinned(checkHubId(idOrDir), revision, hub, TOKENIZER, ModelSource::fetchTokenizer);
    }

    /**
     * GPT-2's tokenizer folder when none is named: the reference data's {@code gpt2/} folder when it holds
     * {@code tokenizer.json} (this repository's tests and benchmarks), else the hub's {@code gpt2} tokenizer files.
     */
    public static Path gpt2Tokenizer(Path referenceData, HubClient hub) {
        Path local = referenceData.resolve("gpt2");
        return Files.isRegularFile(local.resolve(TOKENIZER)) ? local : resolveTokenizer("gpt2", DEFAULT_REVISION, hub);
    }

    /** {@link #gpt2Tokenizer(Path, HubClient)} with the data folder and hub settings of the environment. */
    public static Path gpt2Tokenizer() {
        return gpt2Tokenizer(DataSource.referenceData(),
                new HubClient(HubSettings.fromEnvironment()));
    }

    /** Downloads the files of one commit into the cache and returns its snapshot folder. */
    private interface Fetch {
        Path files(HubClient hub, String repoId, String revision, String commit);
    }

    private static Path pinned(String repoId, String revision, HubClient hub, String pinFile, Fetch fetch) {
        String rev = revision == null || revision.isBlank() ? DEFAULT_REVISION : revision;
        HubCache.Repo repo = hub.cache().repo(repoId);

        // Pin the commit once, from one file's metadata; when the hub cannot be reached, fall back to the commit
        // the cache last saw for this revision.
        if (HubCache.isCommitHash(rev)) {
            return fetch.files(hub, repoId, rev, rev);
        }
        if (hub.settings().offline()) {
            String commit = repo.commitOf(rev).orElseThrow(() -> notCached(hub, repoId, rev));
            return fetch.files(hub, repoId, rev, commit);
        }
        String commit;
        try {
            commit = hub.metadata(repoId, rev, pinFile).commit();
        } catch (HubException e) {
            Optional<String> cached = e.cacheMayServe() ? repo.commitOf(rev) : Optional.empty();
            if (cached.isEmpty()) {
                throw e;
            }
            LOG.warn("{}\nUsing the cached snapshot {} of {}", e.getMessage(), cached.get(), repoId);
            try {
                return fetch.files(hub.offline(), repoId, rev, cached.get());
            } catch (HubException partial) {
                if (partial.kind() != Kind.OFFLINE_NOT_CACHED) {
                    throw partial;
                }
                throw new HubException(e.kind(), e.getMessage() + "\nThe cache cannot stand in: its snapshot "
                        + cached.get() + " of " + repoId + " is incomplete", e);
            }
        }
        return fetch.files(hub, repoId, rev, commit);
    }

    // Every file from one commit, so a branch moving during the download cannot mix two versions.
    private static Path fetchAll(HubClient hub, String repoId, String revision, String commit) {
        hub.download(repoId, commit, CONFIG);
        fetchWeights(hub, repoId, revision, commit);
        fetchOptional(hub, repoId, commit, List.of(GENERATION_CONFIG));
        return fetchTokenizer(hub, repoId, revision, commit);
    }

    private static Path fetchTokenizer(HubClient hub, String repoId, String revision, String commit) {
        Path snapshot;
        try {
            snapshot = hub.download(repoId, commit, TOKENIZER).getParent();
        } catch (HubException e) {
            if (e.kind() != Kind.ENTRY_NOT_FOUND) {
                throw e;
            }
            throw new HubException(Kind.UNSUPPORTED_CHECKPOINT, repoId + " at revision " + revision + " has no "
                    + TOKENIZER + ", which this project's tokenizer reads. Save one next to the model in Python"
                    + " (AutoTokenizer.from_pretrained(\"gpt2\").save_pretrained(\"DIR\") writes it) and push it, or"
                    + " pass a local folder holding it", e);
        }
        fetchOptional(hub, repoId, commit, OPTIONAL_TOKENIZER);
        return snapshot;
    }

    private static void fetchOptional(HubClient hub, String repoId, String commit, List<String> files) {
        for (String file : files) {
            try {
                hub.download(repoId, commit, file);
            } catch (HubException e) {
                if (e.kind() != Kind.ENTRY_NOT_FOUND && e.kind() != Kind.OFFLINE_NOT_CACHED) {
                    throw e;
                }
            }
        }
    }

    /** Whether {@code --model} names an existing local folder rather than a hub id. */
    public static boolean isLocal(String idOrDir) {
        try {
            return idOrDir != null && !idOrDir.isBlank() && Files.isDirectory(Path.of(idOrDir));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static Path checkLocal(Path dir) {
        if (!Files.isRegularFile(dir.resolve(CONFIG)) && !LoraAdapter.isAdapterFolder(dir)) {
            throw new IllegalArgumentException("Model folder " + dir.toAbsolutePath() + " has no " + CONFIG
                    + ": expected a checkpoint folder as save_pretrained writes it (config.json, model.safetensors,"
                    + " tokenizer.json), or a hub id such as 'gpt2'");
        }
        return dir;
    }

    private static String checkHubId(String idOrDir) {
        if (idOrDir == null || idOrDir.isBlank()) {
            throw new IllegalArgumentException("No model given: pass a hub id such as 'gpt2' or a checkpoint folder");
        }
        // "models/run-1" has a hub id's shape; when "models" is a folder here, the user meant a path under it.
        int slash = idOrDir.indexOf('/');
        boolean looksLikePath = idOrDir.startsWith("/") || idOrDir.startsWith(".") || idOrDir.startsWith("~")
                || idOrDir.contains("\\") || idOrDir.endsWith("/") || idOrDir.chars().filter(c -> c == '/').count() > 1
                || (slash > 0 && isLocal(idOrDir.substring(0, slash)));
        if (looksLikePath || !HubCache.isValidRepoId(idOrDir)) {
            throw new IllegalArgumentException("'" + idOrDir + "' is neither an existing folder ("
                    + Path.of(idOrDir.replace('\\', '/')).toAbsolutePath() + " does not exist) nor a Hugging Face hub"
                    + " id such as 'gpt2' or 'openai-community/gpt2'");
        }
        return idOrDir;
    }

    // model.safetensors, or the shards of a large checkpoint; pickled pytorch_model.bin is refused.
    private static void fetchWeights(HubClient hub, String repoId, String revision, String commit) {
        try {
            hub.download(repoId, commit, WEIGHTS);
            return;
        } catch (HubException e) {
            if (e.kind() != Kind.ENTRY_NOT_FOUND) {
                throw e;
            }
        }
        Path index;
        try {
            index = hub.download(repoId, commit, WEIGHTS_INDEX);
        } catch (HubException e) {
            if (e.kind() != Kind.ENTRY_NOT_FOUND) {
                throw e;
            }
            throw noSafetensors(hub, repoId, revision, commit);
        }
        for (String shard : shardsOf(index)) {
            hub.download(repoId, commit, shard);
        }
    }

    private static TreeSet<String> shardsOf(Path index) {
        try (Reader reader = Files.newBufferedReader(index, StandardCharsets.UTF_8)) {
            JsonObject weightMap = JsonParser.parseReader(reader).getAsJsonObject().getAsJsonObject("weight_map");
            if (weightMap == null || weightMap.size() == 0) {
                throw new IllegalArgumentException("no weight_map");
            }
            TreeSet<String> shards = new TreeSet<>();
            weightMap.entrySet().forEach(entry -> shards.add(HubCache.checkFilename(entry.getValue().getAsString())));
            return shards;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + index, e);
        } catch (JsonParseException | IllegalStateException | IllegalArgumentException | UnsupportedOperationException e) {
            throw new HubException(Kind.UNSUPPORTED_CHECKPOINT, index + " is not a safetensors shard index (expected"
                    + " {\"weight_map\": {\"tensor name\": \"model-00001-of-00002.safetensors\", ...}}): " + e.getMessage(),
                    e);
        }
    }

    private static HubException noSafetensors(HubClient hub, String repoId, String revision, String commit) {
        boolean pickleOnly = false;
        if (!hub.settings().offline()) {
            try {
                hub.metadata(repoId, commit, "pytorch_model.bin");
                pickleOnly = true;
            } catch (HubException e) {
                if (e.kind() != Kind.ENTRY_NOT_FOUND) {
                    throw e;
                }
            }
        }
        String what = pickleOnly ? "publishes its weights only as pytorch_model.bin (a Python pickle)"
                : "has no " + WEIGHTS + " (nor " + WEIGHTS_INDEX + ")";
        return new HubException(Kind.UNSUPPORTED_CHECKPOINT, repoId + " at revision " + revision + " " + what
                + ". This project reads safetensors only, which cannot run code when loaded. Convert it once in"
                + " Python: AutoModelForCausalLM.from_pretrained(\"" + repoId + "\").save_pretrained(\"DIR\","
                + " safe_serialization=True), then pass --model DIR; or use a revision that has safetensors (the hub's"
                + " conversion bot often opens one as refs/pr/N)");
    }

    private static HubException notCached(HubClient hub, String repoId, String revision) {
        return new HubException(Kind.OFFLINE_NOT_CACHED, "Offline (HF_HUB_OFFLINE is set) and " + repoId
                + " at revision " + revision + " is not in the cache " + hub.cache().root() + ". Download it once with"
                + " network access: `java -jar target/gpt2-sentiment.jar download --model " + repoId
                + (revision.equals(DEFAULT_REVISION) ? "" : " --revision " + revision) + "` (or Python's"
                + " `huggingface-cli download " + repoId + "`) with HF_HUB_OFFLINE unset, or pass a local checkpoint"
                + " folder instead");
    }
}
