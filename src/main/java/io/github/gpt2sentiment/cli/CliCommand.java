package io.github.gpt2sentiment.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every command has: its picocli spec (for {@link ExitCode}'s usage errors) and the terminal it prints to, the
 * streams picocli was given (tests capture them).
 *
 * <p>Usage: {@code public final class ExploreCommand extends CliCommand { ... stdout().println(table); } }
 */
abstract class CliCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Where results go: standard output, or what a test set with {@code CommandLine.setOut}. */
    PrintWriter stdout() {
        return spec.commandLine().getOut();
    }

    /** Where warnings and errors go: standard error, or what a test set with {@code CommandLine.setErr}. */
    PrintWriter stderr() {
        return spec.commandLine().getErr();
    }
}
