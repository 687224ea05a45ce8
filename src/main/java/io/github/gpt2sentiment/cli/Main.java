package io.github.gpt2sentiment.cli;

import io.github.gpt2sentiment.bench.Bench;
import io.github.gpt2sentiment.model.NativePlatform;
import io.github.gpt2sentiment.tokenization.Quiet;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The command-line entry point: the notebooks' pipeline, headless.
 *
 * <p>Usage: {@code java -jar target/gpt2-sentiment.jar explore --data ../shared/data/imdb/aclImdb_v1.tar.gz}
 */
@Command(
        name = "gpt2-sentiment",
        mixinStandardHelpOptions = true,
        version = "gpt2-sentiment 0.1.0",
        description = "Fine-tune GPT-2 for movie-review sentiment, end to end, in Java.",
        subcommands = {
            CommandLine.HelpCommand.class,
            Bench.class,
            DownloadCommand.class,
            ExploreCommand.class,
            TokenizeCommand.class,
            GenerateCommand.class,
            ClassifyCommand.class,
            BaselineCommand.class,
            EvaluateCommand.class,
            TrainCommand.class,
            CompareCommand.class,
            InitModelCommand.class,
            AllCommand.class,
        })
public final class Main {

    // Read before picocli runs (see run): DJL creates its loggers, with their levels, as soon as a command uses it.
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Also show DJL's and libtorch's own log lines (same as GPT2_SENTIMENT_VERBOSE=1).")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        if (Arrays.asList(args).contains("--verbose")) {
            Quiet.setVerbose(true);
        }
        Quiet.configure();
        List<String> words = Arrays.asList(args);
        boolean help = words.isEmpty() || words.contains("help") || words.contains("-h") || words.contains("--help")
                || words.contains("-V") || words.contains("--version");
        Optional<String> platform = help ? Optional.empty() : NativePlatform.mismatch();
        if (platform.isPresent()) {
            System.err.println("error: " + platform.get());
            return 2;
        }
        return commandLine().execute(args);
    }

    /** The command line, ready to execute; tests set its output streams. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    // Bad input, or a model the hub cannot give: the user's to fix. Say what is wrong, without a stack trace.
                    if (e instanceof IllegalArgumentException || e instanceof java.io.UncheckedIOException
                            || e instanceof io.github.gpt2sentiment.data.DataException
                            || e instanceof io.github.gpt2sentiment.hub.HubException) {
                        cmd.getErr().println("error: " + e.getMessage());
                        return 2;
                    }
                    if (e instanceof java.io.IOException) {
                        // A write that failed anyway (a full disk): the reason in one line, not a stack trace.
                        cmd.getErr().println("error: write failed: " + io.github.gpt2sentiment.files.Outputs.reason(e));
                        return 1;
                    }
                    throw e;
                });
    }
}
