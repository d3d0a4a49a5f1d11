package io.stampede.index;

/** The run index could not do what was asked: the database is unreachable, locked, or refused a statement. */
public final class IndexException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public IndexException(String message, Throwable cause) {
        super(message, cause);
    }
}
