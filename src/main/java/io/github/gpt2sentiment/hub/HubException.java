package io.github.gpt2sentiment.hub;

/**
 * A download from the Hugging Face hub failed; the message says what was asked for and what to do next, and
 * {@link #kind()} lets callers react without parsing it.
 *
 * <p>Usage: {@code catch (HubException e) { if (e.kind() == HubException.Kind.ENTRY_NOT_FOUND) ... }}
 */
public final class HubException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** No such repository, or a private one and no (or the wrong) token. */
        REPO_NOT_FOUND,
        /** The repository exists but not this branch, tag or commit. */
        REVISION_NOT_FOUND,
        /** The repository and revision exist but not this file. */
        ENTRY_NOT_FOUND,
        /** The token was rejected. */
        INVALID_TOKEN,
        /** A gated repository whose conditions this account has not accepted (or no token was sent). */
        GATED,
        /** The server refused access (403) for another reason, usually a token without read permission. */
        FORBIDDEN,
        /** The hub could not be reached: no network, DNS, proxy or firewall, or a timeout. */
        NO_NETWORK,
        /** The hub answered with a server error (5xx) or something that is not a hub answer. */
        SERVER_ERROR,
        /** Offline ({@code HF_HUB_OFFLINE}) and the file is not in the cache. */
        OFFLINE_NOT_CACHED,
        /** The downloaded bytes do not match the size or hash the hub announced. */
        CORRUPT_DOWNLOAD,
        /** The connection dropped mid-file more often than allowed; the partial file is kept for resuming. */
        INTERRUPTED,
        /** The file cannot be written into the cache (disk full, permissions). */
        CACHE_ERROR,
        /** The repository exists but holds no checkpoint this project can read. */
        UNSUPPORTED_CHECKPOINT,
    }

    private final Kind kind;

    public HubException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public HubException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * Whether a copy already in the cache may stand in for the answer the hub failed to give, as
     * {@code huggingface_hub} does: yes when the hub was unreachable or refused access, never when it said that
     * the revision or the file does not exist.
     */
    public boolean cacheMayServe() {
        return switch (kind) {
            case NO_NETWORK, SERVER_ERROR, REPO_NOT_FOUND, INVALID_TOKEN, GATED, FORBIDDEN -> true;
            default -> false;
        };
    }
}
