package io.github.gpt2sentiment.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The download cache of Python's {@code huggingface_hub}, laid out exactly as it lays it out, so a model fetched by
 * either side is found by the other:
 *
 * <pre>
 * models--openai-community--gpt2/
 *   blobs/&lt;etag&gt;                      the bytes, named by the hub's ETag (sha256 for LFS files, git sha1 otherwise)
 *   blobs/&lt;etag&gt;.incomplete           a download in progress, resumed from its length
 *   snapshots/&lt;commit&gt;/&lt;file&gt;        relative symlink to ../../blobs/&lt;etag&gt;
 *   refs/&lt;revision&gt;                   the commit a branch or tag pointed at when last seen (no newline)
 *   .no_exist/&lt;commit&gt;/&lt;file&gt;        empty marker: the hub said this file does not exist at that commit
 * .locks/models--openai-community--gpt2/&lt;etag&gt;.lock
 * </pre>
 *
 * <p>Usage: {@code new HubCache(settings.cacheDir()).repo("gpt2").cachedFile("main", "config.json")}
 */
public final class HubCache {

    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    // huggingface_hub's validate_repo_id: an optional namespace and a name, each starting and ending with a word
    // character, no "--" or ".." (the folder name joins parts with "--"), at most 96 characters.
    private static final Pattern REPO_ID =
            Pattern.compile("([A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?/)?[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?");

    private final Path root;

    public HubCache(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** The cache of one model repository; the id is checked first. */
    public Repo repo(String repoId) {
        return new Repo(this, checkRepoId(repoId));
    }

    /** Whether a revision is a full commit hash (then nothing on the hub can change what it names). */
    public static boolean isCommitHash(String revision) {
        return COMMIT.matcher(revision).matches();
    }

    /** Whether a string is a valid hub repository id such as {@code gpt2} or {@code openai-community/gpt2}. */
    public static boolean isValidRepoId(String repoId) {
        return repoId != null && repoId.length() <= 96 && REPO_ID.matcher(repoId).matches()
                && !repoId.contains("--") && !repoId.contains("..") && !repoId.endsWith(".git");
    }

    static String checkRepoId(String repoId) {
        if (!isValidRepoId(repoId)) {
            throw new IllegalArgumentException("'" + repoId + "' is not a valid Hugging Face repository id: expected"
                    + " 'name' or 'namespace/name' (letters, digits, '-', '_', '.'; no '--' or '..'), such as 'gpt2'"
                    + " or 'openai-community/gpt2'");
        }
        return repoId;
    }

    static String checkRevision(String revision) {
        if (!isSafeRelativePath(revision)) {
            throw new IllegalArgumentException("'" + revision + "' is not a valid revision: expected a branch, a tag,"
                    + " a commit hash or refs/pr/N");
        }
        return revision;
    }

    static String checkFilename(String filename) {
        if (!isSafeRelativePath(filename)) {
            throw new IllegalArgumentException("'" + filename + "' is not a file path inside a repository");
        }
        return filename;
    }

    // Revisions and file names become paths inside the cache: none may climb out of it.
    private static boolean isSafeRelativePath(String path) {
        if (path == null || path.isBlank() || path.contains("\\")) {
            return false;
        }
        for (String part : path.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /**
     * One repository's folder.
     *
     * @param cache the cache it lives in
     * @param repoId the repository id, for example {@code openai-community/gpt2}
     */
    public record Repo(HubCache cache, String repoId) {

        /** {@code models--namespace--name}, the folder name huggingface_hub uses. */
        public Path folder() {
            return cache.root.resolve("models--" + repoId.replace("/", "--"));
        }

        /** The bytes of a file, named by its ETag. */
        public Path blob(String etag) {
            return folder().resolve("blobs").resolve(etag);
        }

        /** Where a blob is written while it downloads. */
        public Path incomplete(String etag) {
            return folder().resolve("blobs").resolve(etag + ".incomplete");
        }

        /** The lock file guarding one blob's download, shared by every process using this cache. */
        public Path lock(String etag) {
            return cache.root.resolve(".locks").resolve(folder().getFileName()).resolve(etag + ".lock");
        }

        /** A commit's snapshot folder: the files of the repository at that commit, as links to blobs. */
        public Path snapshot(String commit) {
            return folder().resolve("snapshots").resolve(commit);
        }

        /** Where a file of a commit's snapshot lives (it may not exist yet). */
        public Path snapshotFile(String commit, String filename) {
            return snapshot(commit).resolve(checkFilename(filename));
        }

        /** The commit a revision names: itself for a commit hash, else what {@code refs/<revision>} recorded. */
        public Optional<String> commitOf(String revision) {
            if (isCommitHash(revision)) {
                return Optional.of(revision);
            }
            Path ref = folder().resolve("refs").resolve(checkRevision(revision));
            if (!Files.isRegularFile(ref)) {
                return Optional.empty();
            }
            try {
                return Optional.of(Files.readString(ref, StandardCharsets.UTF_8).strip()).filter(HubCache::isCommitHash);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + ref, e);
            }
        }

        /** A file of a revision when it is in the cache (its link and its blob both present). */
        public Optional<Path> cachedFile(String revision, String filename) {
            return commitOf(revision).map(commit -> snapshotFile(commit, filename)).filter(Files::exists);
        }

        /** Whether the hub said, and the cache recorded, that a file does not exist at a revision. */
        public boolean isKnownMissing(String revision, String filename) {
            return commitOf(revision)
                    .map(commit -> Files.exists(folder().resolve(".no_exist").resolve(commit).resolve(checkFilename(filename))))
                    .orElse(false);
        }

        /** Records that a branch or tag pointed at a commit; a commit hash needs no ref. */
        void writeRef(String revision, String commit) throws IOException {
            if (revision.equals(commit)) {
                return;
            }
            Path ref = folder().resolve("refs").resolve(checkRevision(revision));
            if (Files.isRegularFile(ref) && Files.readString(ref, StandardCharsets.UTF_8).equals(commit)) {
                return; // unchanged: leave a read-only cache untouched
            }
            Files.createDirectories(ref.getParent());
            Path temp = Files.createTempFile(ref.getParent(), ".ref", ".tmp");
            // No trailing newline: huggingface_hub reads the file verbatim as the commit hash.
            Files.writeString(temp, commit, StandardCharsets.UTF_8);
            Files.move(temp, ref, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }

        /** Records that a file does not exist at a commit, so later calls need not ask. */
        void markMissing(String commit, String filename) throws IOException {
            Path marker = folder().resolve(".no_exist").resolve(commit).resolve(checkFilename(filename));
            Files.createDirectories(marker.getParent());
            if (!Files.exists(marker)) {
                Files.createFile(marker);
            }
        }

        /**
         * Makes a blob visible in a snapshot through a relative link ({@code ../../blobs/<etag>}), so the cache
         * survives being moved. Where the file system has no symbolic links the blob is copied instead.
         */
        void link(Path snapshotFile, Path blob) throws IOException {
            Files.createDirectories(snapshotFile.getParent());
            if (Files.isSymbolicLink(snapshotFile)) {
                Files.delete(snapshotFile); // a dangling link left by a deleted blob
            }
            Path target = snapshotFile.getParent().relativize(blob);
            try {
                Files.createSymbolicLink(snapshotFile, target);
            } catch (FileAlreadyExistsException e) {
                // another process linked it meanwhile: same content by construction
            } catch (UnsupportedOperationException | IOException e) {
                if (Files.exists(snapshotFile)) {
                    return;
                }
                Path temp = Files.createTempFile(snapshotFile.getParent(), ".copy", ".tmp");
                Files.copy(blob, temp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(temp, snapshotFile, StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }
}
