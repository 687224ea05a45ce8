package io.github.gpt2sentiment.tokenization;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.NativeLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Keeps the terminal and the notebooks to this project's own output: DJL's INFO lines (which native library it
 * found, what it extracted, how many threads) and libtorch's C++ warnings (a deprecation notice DJL's JNI
 * triggers) are hidden unless asked for. Errors are never hidden.
 *
 * <p>Ask for them with {@code --verbose} on the command line, {@code -Dgpt2sentiment.verbose=true} on the JVM, or
 * {@code GPT2_SENTIMENT_VERBOSE=1} in the environment (a notebook kernel inherits it from {@code jupyter lab}).
 *
 * <p>Usage: {@code Quiet.configure();} before the first DJL class is used, then {@code Quiet.engine();} once the
 * PyTorch engine may be loaded. The library calls both itself where it first touches DJL, so callers need not.
 */
public final class Quiet {

    /** The system property that turns the libraries' own log lines back on. */
    public static final String PROPERTY = "gpt2sentiment.verbose";

    /** The environment variable that does the same, for notebook kernels started from a shell. */
    public static final String ENVIRONMENT = "GPT2_SENTIMENT_VERBOSE";

    // slf4j-simple reads a logger's level from this property (else simplelogger.properties) when DJL creates it.
    static final String DJL_LEVEL = "org.slf4j.simpleLogger.log.ai.djl";

    // libtorch's minimum C++ log level (0 info, 1 warning, 2 error), the flag TORCH_CPP_LOG_LEVEL sets in Python.
    private static final String LIBTORCH_LEVEL = "FLAGS_caffe2_log_level";
    private static final int LIBTORCH_ERROR = 2;

    private static boolean engineDone;

    private Quiet() {}

    /** Whether the libraries' log lines were asked for (property, else environment variable). */
    public static boolean verbose() {
        String property = System.getProperty(PROPERTY);
        String value = property != null ? property : System.getenv(ENVIRONMENT);
        return value != null && switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            default -> false;
        };
    }

    /** Turns the libraries' log lines on or off for this JVM; call it before the first DJL class is used. */
    public static void setVerbose(boolean verbose) {
        System.setProperty(PROPERTY, Boolean.toString(verbose));
        System.clearProperty(DJL_LEVEL);
        configure();
    }

    /**
     * Sets DJL's log level for the loggers it has not created yet: {@code warn} by default (the jar's
     * {@code simplelogger.properties} says the same, so even code that reaches DJL first stays quiet), {@code info}
     * when verbose. A level the user set explicitly with {@code -Dorg.slf4j.simpleLogger.log.ai.djl=...} wins.
     */
    public static void configure() {
        if (System.getProperty(DJL_LEVEL) == null) {
            System.setProperty(DJL_LEVEL, verbose() ? "info" : "warn");
        }
    }

    /**
     * Loads the PyTorch engine if needed and, unless verbose, raises libtorch's C++ log level from warning to
     * error, as {@code TORCH_CPP_LOG_LEVEL=ERROR} would (a value of that variable, if set, is left alone). Does
     * nothing when the engine cannot load: the code that needs it reports that.
     */
    public static synchronized void engine() {
        if (engineDone) {
            return;
        }
        engineDone = true;
        configure();
        if (verbose() || System.getenv("TORCH_CPP_LOG_LEVEL") != null) {
            return;
        }
        try {
            if (!"PyTorch".equals(Engine.getInstance().getEngineName())) {
                return;
            }
            Path c10 = Path.of(LibUtils.getLibtorchPath()).resolve(System.mapLibraryName("c10"));
            if (Files.isRegularFile(c10)) {
                NativeLibrary.getInstance(c10.toString()).getGlobalVariableAddress(LIBTORCH_LEVEL)
                        .setInt(0, LIBTORCH_ERROR);
            }
        } catch (RuntimeException | LinkageError e) {
            // Only cosmetics are lost: libtorch keeps printing its warnings.
        }
    }
}
