package io.github.gpt2sentiment.data;

/**
 * Bad input data: the message names the file (and the line or archive entry) and says what was expected. Nothing
 * half-loaded is ever returned alongside it.
 */
public final class DataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
