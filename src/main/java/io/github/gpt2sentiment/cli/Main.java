package io.github.gpt2sentiment.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

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

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
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
                    throw e;
                });
    }
}
