package io.github.gpt2sentiment.pipeline;

import io.github.gpt2sentiment.evaluation.ResultFiles;
import java.nio.file.Path;

/**
 * Where a run's files go, one folder per run: the notebooks (each reads what the previous one saved) and the
 * {@code all} command lay them out the same way.
 *
 * <pre>
 * DIR/profile.json               the settings notebook 01 chose, which notebooks 02..04 read ({@link NotebookRun})
 * DIR/data.json                  the exploration's summary
 * DIR/before.json, before.csv    zero-shot baseline: results and per-review predictions
 * DIR/model/                     the fine-tuned classifier (config.json, model.safetensors, tokenizer: the
 *                                weights with the best validation loss), the trainer's history.json and its
 *                                checkpoint-STEP folders
 * DIR/after.json, after.csv      fine-tuned classifier: results and per-review predictions
 * DIR/lora/                      notebook 03's LoRA run on the same reviews: a PEFT adapter folder naming the base
 *                                model, with the trainer's history.json and checkpoints
 * DIR/lora.json, lora.csv        the LoRA classifier's results and per-review predictions on the same test reviews
 * DIR/report.html                everything above on one page ({@code all})
 * </pre>
 *
 * <p>Usage: {@code RunFiles files = RunFiles.in(Path.of("runs/quick")); ResultsJson.read(files.before().json());}
 *
 * @param folder the run's folder
 */
public record RunFiles(Path folder) {

    /** The layout inside {@code folder}. */
    public static RunFiles in(Path folder) {
        return new RunFiles(folder);
    }

    /**
     * The notebooks' run folder: {@code $GPT2_SENTIMENT_OUT}, else {@code runs/<mode>} in the project folder
     * ({@code $GPT2_SENTIMENT_HOME}, which the kernel sets, else the parent of the notebooks' folder).
     */
    public static RunFiles forNotebooks(RunProfile profile) {
        String out = System.getenv("GPT2_SENTIMENT_OUT");
        if (out != null && !out.isBlank()) {
            return in(Path.of(out));
        }
        String home = System.getenv("GPT2_SENTIMENT_HOME");
        Path project = home != null && !home.isBlank() ? Path.of(home) : Path.of("..");
        return in(project.resolve("runs").resolve(profile.mode().label()));
    }

    public Path dataJson() {
        return folder.resolve("data.json");
    }

    /** The zero-shot baseline's results: {@code before.json}, {@code before.csv}. */
    public ResultFiles before() {
        return ResultFiles.named(folder, "before");
    }

    /** The fine-tuned classifier's results: {@code after.json}, {@code after.csv}. */
    public ResultFiles after() {
        return ResultFiles.named(folder, "after");
    }

    /** The LoRA classifier's results: {@code lora.json}, {@code lora.csv}. */
    public ResultFiles lora() {
        return ResultFiles.named(folder, "lora");
    }

    public Path modelFolder() {
        return folder.resolve("model");
    }

    /**
     * Deletes the fine-tuned model folder of an earlier run, so training starts afresh (the trainer refuses a folder
     * that holds another run). Does nothing when there is none.
     */
    public void deleteModel() throws java.io.IOException {
        io.github.gpt2sentiment.training.Checkpoints.deleteTree(modelFolder());
    }

    /** The LoRA adapter folder notebook 03 trains beside the full fine-tune. */
    public Path loraFolder() {
        return folder.resolve("lora");
    }

    /** Deletes the LoRA adapter folder of an earlier run, as {@link #deleteModel()} does the model folder. */
    public void deleteLora() throws java.io.IOException {
        io.github.gpt2sentiment.training.Checkpoints.deleteTree(loraFolder());
    }

    public Path report() {
        return folder.resolve("report.html");
    }
}
