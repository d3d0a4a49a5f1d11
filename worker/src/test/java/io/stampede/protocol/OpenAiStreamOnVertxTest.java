package io.stampede.protocol;

/** {@link OpenAiStreamTest} on a lane without the lean client: streams go through the pooled Vert.x client. */
class OpenAiStreamOnVertxTest extends OpenAiStreamTest {
    @Override
    boolean lean() {
        return false;
    }
}
