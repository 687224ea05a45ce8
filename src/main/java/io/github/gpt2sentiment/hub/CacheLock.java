package io.github.gpt2sentiment.hub;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exclusive lock on one file of the cache's {@code .locks} folder, of the kind Python's {@code huggingface_hub}
 * takes on the same file, so that the two never download the same blob at once.
 *
 * <p>Python locks with {@code flock(2)} (the {@code filelock} package's {@code UnixFileLock}). The JDK's
 * {@code FileChannel.lock} takes {@code fcntl} record locks instead, which on Linux neither block nor are blocked by
 * {@code flock} (tried: both sides "acquire" the same file at once). So on Linux and macOS the lock is taken with
 * {@code flock} itself, through JNA (on the classpath already, for DJL); a {@code flock} lock also excludes other
 * threads of this JVM, as each lock opens the file anew. Elsewhere (Windows), and on a file system without
 * {@code flock}, {@code FileChannel.lock} is used, which excludes other JVMs only.
 *
 * <p>Usage: {@code try (CacheLock lock = CacheLock.acquire(repo.lock(etag))) { ... }}
 */
final class CacheLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CacheLock.class);
    // filelock polls every 50 ms and huggingface_hub logs every 10 s while it waits: the same here.
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration LOG_EVERY = Duration.ofSeconds(10);

    private static final int LOCK_EX = 2;
    private static final int LOCK_NB = 4;
    private static final int LOCK_UN = 8;
    private static final int O_RDWR = 2;
    // Not inherited by child processes, which would otherwise keep the lock after we release it.
    private static final int O_CLOEXEC = Platform.isLinux() ? 0x80000 : Platform.isMac() ? 0x1000000 : 0;
    private static final int EWOULDBLOCK = Platform.isLinux() ? 11 : 35;

    /** The three C library calls; {@code open} is declared without its optional mode, which is never needed. */
    private interface LibC extends Library {
        int open(String path, int flags) throws LastErrorException;

        int flock(int fd, int operation) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private static final Optional<LibC> LIBC = loadLibC();

    private final Path file;
    private final int fd; // -1 when held through the channel instead
    private final FileChannel channel;
    private final FileLock channelLock;

    private CacheLock(Path file, int fd, FileChannel channel, FileLock channelLock) {
        this.file = file;
        this.fd = fd;
        this.channel = channel;
        this.channelLock = channelLock;
    }

    /** Whether this JVM can take the {@code flock} lock Python takes (false on Windows or without JNA). */
    static boolean usesFlock() {
        return LIBC.isPresent();
    }

    /** Waits until the lock is free and takes it, logging now and then while another process holds it. */
    static CacheLock acquire(Path file) throws IOException {
        long start = System.nanoTime();
        long nextLog = 0;
        while (true) {
            Optional<CacheLock> lock = tryAcquire(file);
            if (lock.isPresent()) {
                return lock.get();
            }
            long waited = System.nanoTime() - start;
            if (waited >= nextLog) {
                LOG.warn("Waiting for {}: another process (Python's huggingface_hub, or another run of this tool) is"
                        + " downloading the same file", file);
                nextLog += LOG_EVERY.toNanos();
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for " + file);
            }
        }
    }

    /** Takes the lock if it is free; empty while another process or thread holds it. */
    static Optional<CacheLock> tryAcquire(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try {
            Files.createFile(file); // 0666 less the umask, as Python creates it
        } catch (FileAlreadyExistsException e) {
            // shared by every process using the cache; never deleted, so all of them lock the same inode
        }
        if (LIBC.isPresent()) {
            Optional<Optional<CacheLock>> flocked = tryFlock(LIBC.get(), file);
            if (flocked.isPresent()) {
                return flocked.get();
            }
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return Optional.of(new CacheLock(file, -1, channel, lock));
            }
        } catch (OverlappingFileLockException e) {
            // another thread of this JVM holds it
        }
        channel.close();
        return Optional.empty();
    }

    // The outer Optional is empty when this file system has no flock (then the channel lock is used).
    private static Optional<Optional<CacheLock>> tryFlock(LibC libc, Path file) throws IOException {
        int fd;
        try {
            fd = libc.open(file.toString(), O_RDWR | O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IOException("Cannot open the lock file " + file + " (errno " + e.getErrorCode() + ")");
        }
        try {
            libc.flock(fd, LOCK_EX | LOCK_NB);
            return Optional.of(Optional.of(new CacheLock(file, fd, null, null)));
        } catch (LastErrorException e) {
            libc.close(fd);
            if (e.getErrorCode() == EWOULDBLOCK) {
                return Optional.of(Optional.empty());
            }
            LOG.warn("{} cannot be locked with flock (errno {}); Python's huggingface_hub will not see this lock",
                    file, e.getErrorCode());
            return Optional.empty();
        }
    }

    private static Optional<LibC> loadLibC() {
        if (Platform.isWindows()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Native.load(Platform.C_LIBRARY_NAME, LibC.class));
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LOG.warn("Cannot call flock through JNA ({}); downloads lock the cache against other Java processes only",
                    e.toString());
            return Optional.empty();
        }
    }

    @Override
    public void close() throws IOException {
        if (fd >= 0) {
            try {
                LIBC.orElseThrow().flock(fd, LOCK_UN);
            } finally {
                LIBC.orElseThrow().close(fd);
            }
        } else {
            try (FileChannel c = channel) {
                channelLock.release();
            }
        }
    }

    @Override
    public String toString() {
        return "CacheLock[" + file + (fd >= 0 ? ", flock" : ", channel lock") + "]";
    }
}
