package io.github.gpt2sentiment.cli;

import io.github.gpt2sentiment.data.DataException;
import io.github.gpt2sentiment.files.Outputs;
import io.github.gpt2sentiment.hub.HubException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The command line's exit codes, decided here for every command: 0 done, 1 a failure at run time (a missing or bad
 * file, a bad model folder, an output that cannot be written), 2 a usage error (an unknown or missing option, a
 * value out of range, options that do not go together), 130 interrupted (Ctrl-C during {@code train}).
 *
 * <p>Usage: {@code ExitCode.install(new CommandLine(new Main()))}; a command refuses a value with
 * {@code throw ExitCode.usage(spec, "--shots must be at least 0")} and fails at run time by throwing an
 * {@link IllegalArgumentException}, {@link DataException}, {@link HubException} or {@link UncheckedIOException}.
 */
final class ExitCode {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    /** What a shell reports for a process ended by SIGINT (128 + 2); {@code train} saves a checkpoint first. */
    static final int INTERRUPTED = 130;

    private ExitCode() {}

    /** A value picocli parsed but the command refuses: printed as one {@code error:} line, exit {@link #USAGE}. */
    static final class BadOption extends ParameterException {
        BadOption(CommandSpec spec, String message) {
            super(spec.commandLine(), message);
        }
    }

    /** The usage error to throw for a refused option value. */
    static BadOption usage(CommandSpec spec, String message) {
        return new BadOption(spec, message);
    }

    /** Builds settings from option values; what their validation refuses is a usage error, not a failure. */
    static <T> T options(CommandSpec spec, Supplier<T> settings) {
        try {
            return settings.get();
        } catch (IllegalArgumentException e) {
            throw usage(spec, e.getMessage());
        }
    }

    /** Maps what commands throw to exit codes and one-line messages; returns {@code cli}. */
    static CommandLine install(CommandLine cli) {
        IParameterExceptionHandler picocli = cli.getParameterExceptionHandler();
        return cli
                .setParameterExceptionHandler((e, args) -> {
                    if (e instanceof BadOption) {
                        e.getCommandLine().getErr().println("error: " + e.getMessage());
                        return USAGE;
                    }
                    // picocli's own: the message, a suggestion or the usage, and its code for invalid input (2).
                    return picocli.handleParseException(e, args);
                })
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    // Bad input, or a model the hub cannot give: the user's to fix. What is wrong, no stack trace.
                    if (e instanceof IllegalArgumentException || e instanceof UncheckedIOException
                            || e instanceof DataException || e instanceof HubException) {
                        cmd.getErr().println("error: " + e.getMessage());
                        return FAILED;
                    }
                    if (e instanceof IOException) {
                        // A write that failed anyway (a full disk): the reason in one line, not a stack trace.
                        cmd.getErr().println("error: write failed: " + Outputs.reason(e));
                        return FAILED;
                    }
                    throw e;
                });
    }
}
