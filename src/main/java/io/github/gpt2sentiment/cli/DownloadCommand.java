package io.github.gpt2sentiment.cli;

import io.github.gpt2sentiment.hub.HubClient;
import io.github.gpt2sentiment.hub.HubException;
import io.github.gpt2sentiment.hub.HubSettings;
import io.github.gpt2sentiment.hub.ModelSource;
import io.github.gpt2sentiment.options.RevisionOption;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Downloads a model from the Hugging Face hub into the cache shared with Python and prints its snapshot folder.
 *
 * <p>Usage: {@code java -jar target/gpt2-sentiment.jar download --model openai-community/gpt2 --revision main}
 */
@Command(
        name = "download",
        description = {
            "Download a GPT-2 checkpoint from the Hugging Face hub into the cache shared with Python"
                    + " (HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub) and print its folder.",
            "Honours HF_ENDPOINT, HF_TOKEN and HF_HUB_OFFLINE (offline: only checks that the cache holds it)."
        })
public final class DownloadCommand extends CliCommand {

    @Option(names = "--model", required = true, paramLabel = "ID",
            description = "Hub id, for example gpt2, openai-community/gpt2, distilgpt2 or you/your-model.")
    String model;

    @Mixin
    RevisionOption revision;

    private final HubSettings settings;

    /** The command as the command line builds it: settings from the environment. */
    public DownloadCommand() {
        this(null);
    }

    /** The command with explicit settings (tests point it at a local server). */
    public DownloadCommand(HubSettings settings) {
        this.settings = settings;
    }

    @Override
    public Integer call() {
        try {
            HubClient hub = new HubClient(settings != null ? settings : HubSettings.fromEnvironment());
            Path snapshot = ModelSource.resolve(model, revision.name, hub);
            stdout().println(snapshot.toAbsolutePath());
            stdout().flush();
            return 0;
        } catch (HubException | IllegalArgumentException e) {
            stderr().println("error: " + e.getMessage());
            stderr().flush();
            return ExitCode.FAILED;
        }
    }
}
