package io.stampede.protocol;

/** {@link HostileStreamsTest} on a lane without the lean client: streams go through the pooled Vert.x client. */
class HostileStreamsOnVertxTest extends HostileStreamsTest {
    @Override
    boolean lean() {
        return false;
    }
}
