package io.github.gpt2sentiment.pipeline;

import io.github.gpt2sentiment.data.Split;
import io.github.gpt2sentiment.evaluation.ClassifierRuns;
import io.github.gpt2sentiment.scoring.ZeroShotConfig;
import io.github.gpt2sentiment.training.TrainingListener;
import io.github.gpt2sentiment.training.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.IntConsumer;

/**
 * The three model steps of a run, each one call, so that the notebooks and {@link Pipeline} run them with exactly
 * the same arguments: the zero-shot baseline, the fine-tuning, and the fine-tuned classifier's scores, all on the
 * reviews of one {@link RunData} and the settings of one {@link RunProfile}.
 *
 * <p>Usage:
 * <pre>{@code
 * ClassifierRuns.Outcome before = Steps.baseline(profile, data, modelDir, n -> {});
 * TrainingResult trained = Steps.fineTune(profile, data, modelDir, files.modelFolder(), new TrainingListener() {});
 * ClassifierRuns.Outcome after = Steps.evaluate(profile, data, files.modelFolder(), n -> {});
 * }</pre>
 */
public final class Steps {

    private Steps() {}

    /** The calibrated zero-shot GPT-2 on the run's test reviews, named {@code before}. */
    public static ClassifierRuns.Outcome baseline(RunProfile profile, RunData data, Path modelDir,
            IntConsumer progress) {
        return ClassifierRuns.zeroShot("before", profile.model(), modelDir, data.dataset(), Split.TEST,
                profile.testLimit(), profile.zeroShot(), progress);
    }

    /**
     * Fine-tunes a GPT-2 sequence classifier, starting from the model folder, on the run's training reviews,
     * choosing the weights by the validation reviews; the best weights, with the tokenizer, end up in
     * {@code output} (which must be new or empty), with the trainer's history and checkpoints. With
     * {@link RunProfile#lora()} set, only LoRA adapters and the head train and {@code output} becomes a PEFT adapter
     * folder (as {@code train --method lora} writes), which {@link #evaluate} scores on its base.
     *
     * <p>What the method cost is in the result, measured while training: {@code trainableParameters()},
     * {@code secondsPerStep()} and {@code peakMemory().residentGrowth()}.
     */
    public static TrainingResult fineTune(RunProfile profile, RunData data, Path modelDir, Path output,
            TrainingListener listener) throws IOException {
        // The same code as the train command's, with the profile's recipe.
        return new FineTuning(profile.plan(), null, output, listener).fit(modelDir, data, false, line -> { });
    }

    /**
     * The fine-tuned classifier in {@code fineTunedDir} (a model folder, or a LoRA adapter folder merged onto the
     * base it names) on the same test reviews as the baseline, named {@code after} ({@code after LoRA} for a LoRA
     * profile, so both runs can share a table).
     */
    public static ClassifierRuns.Outcome evaluate(RunProfile profile, RunData data, Path fineTunedDir,
            IntConsumer progress) {
        String name = profile.lora() == null ? "after" : "after LoRA";
        return ClassifierRuns.fineTuned(name, fineTunedDir.toString(), fineTunedDir, data.dataset(), Split.TEST,
                profile.testLimit(), profile.seed(), profile.maxLength(), ZeroShotConfig.DEFAULT_BATCH_TOKENS,
                progress);
    }
}
