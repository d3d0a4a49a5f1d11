package io.stampede.protocol;

/** {@link DialectStreamsTest} on a lane without the lean client: streams go through the pooled Vert.x client. */
class DialectStreamsOnVertxTest extends DialectStreamsTest {
    @Override
    boolean lean() {
        return false;
    }
}
