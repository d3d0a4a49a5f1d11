package io.stampede.engine;

/**
 * How the users of one lane come and go: {@link ClosedUsers} (a fixed population on a ramp),
 * {@link UserStages} (a population that follows stages) or {@link Arrivals} (the open model).
 * Called on the lane's event loop only.
 */
interface LoadModel {
    /** The run has started (the lane's start instant is set): schedule the first users. */
    void begin();

    /** No user may start from now: cancel what would start one. */
    void end();

    /** True while users may still start; the lane ends when this is false and no user is left. */
    boolean moreToCome();

    /**
     * At most how many users of this lane are running within {@code windowMs} of the start:
     * their connections are opened while the slice prepares. Called before {@link #begin}.
     */
    int earlyUsers(long windowMs);

    /** The model for {@code lane}'s plan. */
    static LoadModel of(Lane lane) {
        Lane.Setup setup = lane.setup();
        if (setup.plan().load().isOpen()) {
            return new Arrivals(lane, setup.segment());
        }
        if (setup.plan().load().hasUserStages()) {
            return new UserStages(lane);
        }
        return new ClosedUsers(lane);
    }
}
