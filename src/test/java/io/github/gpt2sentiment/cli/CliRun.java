package io.github.gpt2sentiment.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * A command line run in this JVM and what it printed: how every cli test runs a command.
 *
 * <p>Usage: {@code CliRun run = CliRun.of("tokenize", "--tokenizer", dir, "--text", "Hi"); assertEquals(0,
 * run.exitCode(), run.err());}
 *
 * @param exitCode the exit code {@code java -jar} would end with
 * @param out what the command printed on standard output
 * @param err what it printed on standard error
 */
record CliRun(int exitCode, String out, String err) {

    /** Runs {@code args} as {@code java -jar target/gpt2-sentiment.jar args} does ({@link Main#commandLine()}). */
    static CliRun of(String... args) {
        return of(Main.commandLine(), args);
    }

    /** Runs {@code args} on {@code cli}: one command alone, or the main one with other parser settings. */
    static CliRun of(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
