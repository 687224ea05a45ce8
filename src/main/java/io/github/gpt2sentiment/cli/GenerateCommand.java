package io.github.gpt2sentiment.cli;

import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.github.gpt2sentiment.hub.ModelSource;
import io.github.gpt2sentiment.model.Checkpoint;
import io.github.gpt2sentiment.model.Generator;
import io.github.gpt2sentiment.model.Gpt2;
import io.github.gpt2sentiment.options.ModelOption;
import io.github.gpt2sentiment.options.SeedOption;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Continues a prompt with GPT-2's language-model head.
 *
 * <p>Usage: {@code java -jar target/gpt2-sentiment.jar generate --model DIR --prompt "The movie" --max-new-tokens 30}
 */
@Command(name = "generate",
        description = "Continue a prompt with GPT-2 (greedy by default; sampling with --temperature/--top-k/--top-p).")
public final class GenerateCommand extends CliCommand {

    @Mixin
    ModelOption model;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "Text to continue.")
    String prompt;

    @Option(names = "--max-new-tokens", paramLabel = "N", defaultValue = "50",
            description = "Tokens to add at most (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--greedy", description = "Always take the most likely token (the default; --temperature, "
            + "--top-k, --top-p or --seed sample instead).")
    boolean greedy;

    @Option(names = "--temperature", paramLabel = "T", description = "Sample, dividing logits by T (default 1).")
    Float temperature;

    @Option(names = "--top-k", paramLabel = "K", description = "Sample among the K most likely tokens "
            + "(default 50 as in transformers; 0 = all).")
    Integer topK;

    @Option(names = "--top-p", paramLabel = "P", description = "Sample within the nucleus of probability P "
            + "(default 1 = off).")
    Float topP;

    @Mixin
    SeedOption seed;

    @Option(names = "--json", description = "Print {\"prompt_ids\", \"generated_ids\", \"text\"} as JSON.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = stdout();
        PrintWriter err = stderr();
        boolean sampling = temperature != null || topK != null || topP != null || seed.given();
        if (greedy && sampling) {
            throw ExitCode.usage(spec, "--greedy cannot be combined with --temperature, --top-k, --top-p or --seed");
        }
        Generator.Settings settings = ExitCode.options(spec, () -> sampling
                ? Generator.Settings.sampling(maxNewTokens, temperature == null ? 1f : temperature,
                        topK == null ? 50 : topK, topP == null ? 1f : topP, seed.value())
                : Generator.Settings.greedy(maxNewTokens));
        Path folder = ModelSource.resolve(model.id);
        try (Gpt2Tokenizer tokenizer = ModelFolders.tokenizer(folder);
                NDManager manager = NDManager.newBaseManager()) {
            Checkpoint.Loaded loaded = Checkpoint.load(folder, Gpt2.Head.LANGUAGE_MODEL, manager);
            loaded.report().warning().ifPresent(err::println);
            long[] promptIds = tokenizer.encode(prompt);
            long[] generated = Generator.generate(loaded.model(), List.of(promptIds), settings)[0];
            String text = tokenizer.decode(LongStream.concat(LongStream.of(promptIds), LongStream.of(generated))
                    .toArray());
            if (json) {
                Gson gson = new Gson();
                JsonObject o = new JsonObject();
                o.add("prompt_ids", gson.toJsonTree(promptIds));
                o.add("generated_ids", gson.toJsonTree(generated));
                o.addProperty("text", text);
                out.println(gson.toJson(o));
            } else {
                out.println(text);
            }
            out.flush();
            return ExitCode.OK;
        }
    }
}
