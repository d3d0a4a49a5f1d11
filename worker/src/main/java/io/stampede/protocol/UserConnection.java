package io.stampede.protocol;

/**
 * A virtual user's own connection to the target, as the engine sees it: it only ends it. The
 * transport that opened it knows what it is; the engine keeps it on the user between steps.
 */
public interface UserConnection {
    /** The user finished: the connection, at rest, may serve the lane's next user. */
    void release();

    /** The user was interrupted: the connection may be mid-exchange, so it is closed. */
    void close();
}
