package io.github.gpt2sentiment.pipeline;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import io.github.gpt2sentiment.files.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The run the notebooks share: notebook 01 chooses the mode, model and data once and records them in the run
 * folder ({@code profile.json}); notebooks 02 to 04 read that record instead of choosing again, say which folder
 * they read, and stop with a clear message when a notebook before them has not run.
 *
 * <p>Usage:
 * <pre>{@code
 * NotebookRun run = NotebookRun.start(RunProfile.fromEnvironment());   // notebook 01
 * NotebookRun run = NotebookRun.resume();                              // notebooks 02..04
 * run.require(run.files().before().json(), "02-zero-shot-baseline");
 * }</pre>
 *
 * @param profile the run's settings, as notebook 01 chose them
 * @param files the run's folder
 */
public record NotebookRun(RunProfile profile, RunFiles files) {

    /** The record of the run's settings in its folder. */
    public static final String PROFILE_FILE = "profile.json";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    /**
     * Starts (or continues) the run of this profile in {@link RunFiles#forNotebooks}: creates the folder and records
     * the profile there. The record is rewritten only when the profile changed, so results that later notebooks
     * wrote stay valid when notebook 01 is rerun with the same settings.
     */
    public static NotebookRun start(RunProfile profile) {
        return start(profile, RunFiles.forNotebooks(profile));
    }

    /** {@link #start(RunProfile)} in the given folder. */
    public static NotebookRun start(RunProfile profile, RunFiles files) {
        Path record = files.folder().resolve(PROFILE_FILE);
        try {
            Files.createDirectories(files.folder());
            String json = GSON.toJson(profile) + "\n";
            if (!Files.exists(record) || !Files.readString(record, StandardCharsets.UTF_8).equals(json)) {
                AtomicFiles.writeString(record, json);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot record the run's settings in " + record, e);
        }
        return new NotebookRun(profile, files);
    }

    /**
     * The run notebook 01 started for the mode {@code GPT2_SENTIMENT_MODE} asks for (or {@code GPT2_SENTIMENT_OUT}
     * names), with the settings 01 recorded.
     *
     * @throws IllegalStateException when 01 has not run for that mode
     */
    public static NotebookRun resume() {
        return resume(RunFiles.forNotebooks(RunProfile.fromEnvironment()));
    }

    /** The run recorded in {@code files}' folder. */
    public static NotebookRun resume(RunFiles files) {
        Path record = files.folder().resolve(PROFILE_FILE);
        if (!Files.isRegularFile(record)) {
            throw new IllegalStateException("No run in " + files.folder().toAbsolutePath().normalize() + ": run "
                    + "notebooks/01-explore-data.ipynb first; it chooses the mode, model and data and records them "
                    + "in " + PROFILE_FILE + " there (same GPT2_SENTIMENT_MODE and GPT2_SENTIMENT_OUT as here)");
        }
        try {
            RunProfile profile = GSON.fromJson(Files.readString(record, StandardCharsets.UTF_8), RunProfile.class);
            if (profile == null) {
                throw new JsonParseException("empty file");
            }
            return new NotebookRun(profile, files);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + record, e);
        } catch (JsonParseException | IllegalArgumentException | NullPointerException e) {
            throw new IllegalStateException(record + " is not a run profile (" + e.getMessage() + "): rerun "
                    + "notebooks/01-explore-data.ipynb to record it again", e);
        }
    }

    /**
     * Fails unless {@code file} exists and was written after the run's settings were last recorded.
     *
     * @param notebook the notebook that writes it, e.g. {@code 03-fine-tune}
     * @throws IllegalStateException naming the file and the notebook to run
     */
    public void require(Path file, String notebook) {
        Path shown = file.toAbsolutePath().normalize();
        if (!Files.exists(file)) {
            throw new IllegalStateException(shown + " is missing: run notebooks/" + notebook + ".ipynb first (it "
                    + "writes it for this run)");
        }
        try {
            Path record = files.folder().resolve(PROFILE_FILE);
            if (Files.exists(record)
                    && Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(record)) < 0) {
                throw new IllegalStateException(shown + " is older than this run's settings (notebook 01 changed "
                        + "the mode, model or data since): rerun notebooks/" + notebook + ".ipynb");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the time of " + shown, e);
        }
    }

    /** The run folder and its settings, for the notebook's first table. */
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run folder", files.folder().toAbsolutePath().normalize());
        m.putAll(profile.settings());
        return m;
    }
}
