package io.stampede.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.vertx.core.buffer.Buffer;

/**
 * What a turn keeps of a text that arrives in pieces: a prefix of whole characters within the
 * room it is given, every byte counted, and tokens of the dropped part at the kept part's rate.
 */
class ReplyTextTest {

    @Test
    void aTextWithinItsRoomIsKeptWholeAndCounted() {
        ReplyText t = new ReplyText();
        t.append("你好，", 100);
        t.append("world 😀", 100);

        assertThat(t.toString()).isEqualTo("你好，world 😀");
        assertThat(t.cut()).isFalse();
        assertThat(t.keptBytes()).isEqualTo("你好，world 😀".getBytes(StandardCharsets.UTF_8).length);
        assertThat(t.totalBytes()).isEqualTo(t.keptBytes());
    }

    @Test
    void aCutFallsBetweenCharactersNeverInsideOneAndTheRestIsCounted() {
        ReplyText t = new ReplyText();
        int kept = t.append("退款流程", 7); // three bytes each: two fit in 7

        assertThat(kept).isEqualTo(6);
        assertThat(t.toString()).isEqualTo("退款");
        assertThat(t.cut()).isTrue();
        assertThat(t.totalBytes()).isEqualTo(12);
    }

    @Test
    void onceCutNothingMoreIsKeptSoTheKeptTextStaysAPrefix() {
        ReplyText t = new ReplyText();
        t.append("abcdef", 4);
        t.append("g", 100);

        assertThat(t.toString()).isEqualTo("abcd");
        assertThat(t.totalBytes()).isEqualTo(7);
    }

    @Test
    void aSurrogatePairIsOneCharacterOfFourBytes() {
        ReplyText t = new ReplyText();
        t.append("a😀b", 4);

        assertThat(t.toString()).as("the emoji does not fit in the 3 bytes left").isEqualTo("a");
        assertThat(t.totalBytes()).isEqualTo(6);
    }

    @Test
    void moreTextAfterTheStringWasMadeIsStillKept() {
        ReplyText t = new ReplyText();
        t.append("first ", 100);
        assertThat(t.toString()).isEqualTo("first ");
        t.append("second", 100);

        assertThat(t.toString()).isEqualTo("first second");
    }

    @Test
    void tokensOfTheDroppedPartAreCountedAtTheKeptPartsRate() {
        ReplyText t = new ReplyText();
        t.append("abcd".repeat(250), 100); // estimate: one token per four characters

        assertThat(ReplyPolicy.DEFAULT.count(t)).isEqualTo(250);
        assertThat(ReplyPolicy.DEFAULT.truncation(t).totalBytes()).isEqualTo(1000);
    }

    @Test
    void aBodyCutInsideACharacterLosesThatCharacterNotTheText() {
        byte[] utf8 = "ok 退款".getBytes(StandardCharsets.UTF_8);

        assertThat(ReplyPolicy.text(Buffer.buffer(utf8))).isEqualTo("ok 退款");
        assertThat(ReplyPolicy.text(Buffer.buffer().appendBytes(utf8, 0, utf8.length - 1))).isEqualTo("ok 退");
        assertThat(ReplyPolicy.text(Buffer.buffer().appendBytes(utf8, 0, 4))).isEqualTo("ok ");
        assertThat(ReplyPolicy.text(null)).isEmpty();
    }
}
