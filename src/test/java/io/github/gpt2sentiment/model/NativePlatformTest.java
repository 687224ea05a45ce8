package io.github.gpt2sentiment.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The libtorch classifier for each platform DJL ships, the refusal elsewhere, and what this build recorded. */
class NativePlatformTest {

    @Test
    void mapsTheFourPlatformsDjlShips() {
        // os.name / os.arch exactly as the JVM reports them on each machine
        assertEquals(Optional.of("linux-x86_64"), NativePlatform.classifier("Linux", "amd64"));
        assertEquals(Optional.of("linux-aarch64"), NativePlatform.classifier("Linux", "aarch64"));
        assertEquals(Optional.of("osx-aarch64"), NativePlatform.classifier("Mac OS X", "aarch64"));
        assertEquals(Optional.of("win-x86_64"), NativePlatform.classifier("Windows 11", "amd64"));
    }

    @Test
    void refusesPlatformsWithoutACpuLibtorch() {
        assertEquals(Optional.empty(), NativePlatform.classifier("Mac OS X", "x86_64"));   // Intel Mac
        assertEquals(Optional.empty(), NativePlatform.classifier("Windows 11", "aarch64"));
        assertEquals(Optional.empty(), NativePlatform.classifier("FreeBSD", "amd64"));
        String why = NativePlatform.mismatch("Mac OS X", "x86_64", Optional.of("osx-aarch64")).orElseThrow();
        assertTrue(why.contains("Mac OS X on x86_64") && why.contains("osx-aarch64"), why);
        assertTrue(why.lines().count() == 1, why);
    }

    @Test
    void aBuildForAnotherPlatformSaysHowToRebuild() {
        String why = NativePlatform.mismatch("Linux", "amd64", Optional.of("osx-aarch64")).orElseThrow();
        assertTrue(why.contains("osx-aarch64") && why.contains("linux-x86_64") && why.contains("mvn -B package"), why);
        assertEquals(Optional.empty(), NativePlatform.mismatch("Linux", "amd64", Optional.of("linux-x86_64")));
        assertEquals(Optional.empty(), NativePlatform.mismatch("Linux", "amd64", Optional.empty()));
    }

    /** Maven's profiles and this class agree: the build recorded the classifier this JVM needs, and uses its jar. */
    @Test
    void thisBuildCarriesTheLibtorchOfThisMachine() throws IOException {
        String here = NativePlatform.current().orElseThrow();
        assertEquals(Optional.of(here), NativePlatform.built());
        boolean onClasspath = false;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("pytorch-native-cpu-")) {
                assertEquals("pytorch-native-cpu-2.7.1-" + here + ".jar", name);
                try (JarFile file = new JarFile(entry)) {
                    assertTrue(file.stream().anyMatch(e -> e.getName().startsWith("pytorch/cpu/" + here + "/")), entry);
                }
                onClasspath = true;
            }
        }
        assertTrue(onClasspath, "no pytorch-native-cpu jar on the test classpath");
    }
}
