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
        // Inherited by every command and bench subcommand, so none can lack --help or --version.
        scope = ScopeType.INHERIT,
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
            ExportCommand.class,
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
            return ExitCode.FAILED;
        }
        return commandLine().execute(args);
    }

    /** The command line, ready to execute, with the exit codes of {@link ExitCode}; tests set its output streams. */
    public static CommandLine commandLine() {
        return ExitCode.install(new CommandLine(new Main()));
    }
}
