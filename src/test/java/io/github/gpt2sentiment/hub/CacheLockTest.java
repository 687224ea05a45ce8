package io.github.gpt2sentiment.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock Python's huggingface_hub takes on {@code .locks/models--owner--name/<etag>.lock} is filelock's
 * {@code UnixFileLock}: {@code fcntl.flock(fd, LOCK_EX | LOCK_NB)}, polled. A stdlib-only python3 stands in for it
 * here (CI's python3 has no packages); these tests are skipped where there is no python3 or no flock.
 */
class CacheLockTest {

    @TempDir
    Path temp;

    // Holds flock on argv[1] from "locked" until a line arrives on stdin, then says "released".
    private static final String HOLD = String.join("\n",
            "import fcntl, os, sys",
            "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o666)",
            "fcntl.flock(fd, fcntl.LOCK_EX)",
            "print('locked', flush=True)",
            "sys.stdin.readline()",
            "fcntl.flock(fd, fcntl.LOCK_UN)",
            "os.close(fd)",
            "print('released', flush=True)");

    // One non-blocking try, as filelock's acquire loop makes: "free" or "busy".
    private static final String TRY = String.join("\n",
            "import fcntl, os, sys",
            "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o666)",
            "try:",
            "    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)",
            "    print('free')",
            "except BlockingIOError:",
            "    print('busy')");

    private static boolean hasPython() {
        try {
            return new ProcessBuilder("python3", "-c", "import fcntl").start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String tryFromPython(Path lock) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", "-c", TRY, lock.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void aLockPythonHoldsKeepsJavaOut() throws Exception {
        assumeTrue(hasPython(), "needs python3");
        Path lock = temp.resolve(".locks/models--openai-community--gpt2/abc.lock");
        Files.createDirectories(lock.getParent());
        Process python = new ProcessBuilder("python3", "-c", HOLD, lock.toString()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8));
                Writer in = new java.io.OutputStreamWriter(python.getOutputStream(), StandardCharsets.UTF_8)) {
            assertEquals("locked", out.readLine());

            assertEquals(Optional.empty(), CacheLock.tryAcquire(lock));

            in.write("\n");
            in.flush();
            assertEquals("released", out.readLine());
            Optional<CacheLock> mine = CacheLock.tryAcquire(lock);
            assertTrue(mine.isPresent());
            mine.get().close();
        } finally {
            python.destroy();
        }
    }

    @Test
    void aLockJavaHoldsKeepsPythonOut() throws Exception {
        assumeTrue(hasPython(), "needs python3");
        Path lock = temp.resolve(".locks/models--openai-community--gpt2/abc.lock");

        try (CacheLock held = CacheLock.acquire(lock)) {
            assertEquals("busy", tryFromPython(lock));
        }
        assertEquals("free", tryFromPython(lock));
    }

    @Test
    void anotherThreadOfThisJvmWaitsToo() throws IOException {
        Path lock = temp.resolve("x.lock");

        try (CacheLock held = CacheLock.acquire(lock)) {
            assertEquals(Optional.empty(), CacheLock.tryAcquire(lock));
        }
        Optional<CacheLock> again = CacheLock.tryAcquire(lock);
        assertTrue(again.isPresent());
        again.get().close();
    }

    @Test
    void theLockFileIsCreatedWhereAndAsPythonCreatesIt() throws Exception {
        assumeTrue(hasPython(), "needs python3");
        Path javaCache = temp.resolve("java");
        Path pythonCache = temp.resolve("python");
        String etag = "83f64e5cd4545f907b81e039cdd8cce2d9f47606e335f377255de252494ae3bb";
        Path javaLock = new HubCache(javaCache).repo("openai-community/gpt2").lock(etag);
        // huggingface_hub's own lines: os.path.join(locks_dir, repo_folder_name(...), f"{etag}.lock"), then
        // Path(lock_path).parent.mkdir(parents=True, exist_ok=True), then filelock opens it with O_CREAT.
        String python = String.join("\n",
                "import os, sys",
                "from pathlib import Path",
                "cache, repo_id, etag = sys.argv[1:]",
                "folder = '--'.join(['models', *repo_id.split('/')])",
                "lock_path = os.path.join(os.path.join(cache, '.locks'), folder, f'{etag}.lock')",
                "Path(lock_path).parent.mkdir(parents=True, exist_ok=True)",
                "os.close(os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666))",
                "print(lock_path)");
        Process p = new ProcessBuilder("python3", "-c", python, pythonCache.toString(), "openai-community/gpt2", etag)
                .start();
        String pythonLock = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor());

        CacheLock.acquire(javaLock).close();

        assertEquals(pythonCache.relativize(Path.of(pythonLock)), javaCache.relativize(javaLock));
        for (Path relative : new Path[] {Path.of(".locks"), javaCache.relativize(javaLock).getParent(),
                javaCache.relativize(javaLock)}) {
            assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(pythonCache.resolve(relative))),
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(javaCache.resolve(relative))),
                    relative::toString);
        }
        assertTrue(Files.exists(javaLock), "the lock file stays after release, as filelock leaves it");
        assertFalse(Files.isDirectory(javaLock));
    }
}
