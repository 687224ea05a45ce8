package io.github.gpt2sentiment.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * Which of DJL's CPU libtorch builds ({@code ai.djl.pytorch:pytorch-native-cpu:2.7.1}, one jar per platform) a
 * machine needs, and whether this build carries it. The Maven build picks the same classifier from the OS and
 * architecture it runs on (property {@code native.platform}, overridable with {@code -Dnative.platform=...}).
 *
 * <p>Usage: {@code NativePlatform.mismatch().ifPresent(problem -> System.err.println("error: " + problem));}
 */
public final class NativePlatform {

    /** The classifiers DJL publishes a CPU libtorch 2.7.1 for. */
    public static final List<String> SUPPORTED = List.of("linux-x86_64", "linux-aarch64", "osx-aarch64", "win-x86_64");

    private static final String BUILT = "native-platform.properties";

    private NativePlatform() {}

    /**
     * The classifier for a JVM's {@code os.name} and {@code os.arch}, or empty when DJL ships no CPU libtorch
     * for it (an Intel Mac, 32-bit systems, Windows on ARM).
     */
    public static Optional<String> classifier(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64", "x64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> "";
        };
        String family = os.startsWith("linux") ? "linux"
                : os.startsWith("mac") || os.startsWith("darwin") ? "osx"
                : os.startsWith("windows") ? "win"
                : "";
        String classifier = family + "-" + arch;
        return SUPPORTED.contains(classifier) ? Optional.of(classifier) : Optional.empty();
    }

    /** The classifier this JVM needs (see {@link #classifier(String, String)}). */
    public static Optional<String> current() {
        return classifier(System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    /** The classifier this build's libtorch jar was chosen for, as Maven recorded it; empty outside a build. */
    public static Optional<String> built() {
        try (InputStream in = NativePlatform.class.getResourceAsStream(BUILT)) {
            if (in == null) {
                return Optional.empty();
            }
            Properties properties = new Properties();
            properties.load(in);
            return Optional.ofNullable(properties.getProperty("native.platform")).map(String::strip)
                    .filter(value -> !value.isEmpty() && !value.startsWith("${"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + BUILT + " from the classpath", e);
        }
    }

    /**
     * Why this build cannot run libtorch on this machine, in one line, or empty when it can (or cannot tell).
     *
     * @param osName the JVM's {@code os.name}
     * @param osArch the JVM's {@code os.arch}
     * @param built the classifier the build carries, if known
     */
    public static Optional<String> mismatch(String osName, String osArch, Optional<String> built) {
        Optional<String> needed = classifier(osName, osArch);
        if (needed.isEmpty()) {
            return Optional.of("DJL ships no CPU libtorch 2.7.1 for " + osName + " on " + osArch + " (it does for "
                    + String.join(", ", SUPPORTED) + "); on Windows use WSL2, elsewhere a Linux machine or container");
        }
        if (built.isPresent() && !built.get().equals(needed.get())) {
            return Optional.of("this build carries libtorch for " + built.get() + ", but this machine is "
                    + needed.get() + ": rebuild it here with `mvn -B package -DskipTests` (or pass -Dnative.platform="
                    + needed.get() + ")");
        }
        return Optional.empty();
    }

    /** {@link #mismatch(String, String, Optional)} for this JVM and this build. */
    public static Optional<String> mismatch() {
        return mismatch(System.getProperty("os.name"), System.getProperty("os.arch"), built());
    }
}
