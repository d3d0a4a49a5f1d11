package io.stampede.wire;

/** A user's completed conversations so far, and whether it has finished for good. */
public record UserProgress(int user, int conversations, boolean finished) {
}
