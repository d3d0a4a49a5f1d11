package io.stampede.cluster;

/** A worker's share of a closed-model run: global user indexes [userFrom, userTo). */
public record Slice(String sliceId, String workerId, int userFrom, int userTo) {
    public int users() {
        return userTo - userFrom;
    }
}
