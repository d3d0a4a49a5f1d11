package io.stampede.protocol;

/** {@link LongRepliesTest} on a lane without the lean client: everything goes through the pooled Vert.x client. */
class LongRepliesOnVertxTest extends LongRepliesTest {
    @Override
    boolean lean() {
        return false;
    }
}
