package io.stampede.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenCounterTest {

    @Test
    void countsOneTokenPerCjkCharacter() {
        assertThat(TokenCounter.count("退款流程")).isEqualTo(4);
        assertThat(TokenCounter.count("你好，世界")).isEqualTo(5);
    }

    @Test
    void countsAboutOneTokenPerFourOtherCharacters() {
        assertThat(TokenCounter.count("abcdefgh")).isEqualTo(2);
        assertThat(TokenCounter.count("abcdefghi")).isEqualTo(3);
        assertThat(TokenCounter.count("a")).isEqualTo(1);
        assertThat(TokenCounter.count("")).isZero();
    }

    @Test
    void mixedTextAddsBothParts() {
        assertThat(TokenCounter.count("订单 12345")).isEqualTo(2 + 2);
    }

    @Test
    void punctuationAloneIsNotChinese() {
        assertThat(TokenCounter.hasCjkLetters("，？")).isFalse();
        assertThat(TokenCounter.hasCjkLetters("ok 好")).isTrue();
        assertThat(TokenCounter.hasCjkLetters("where is my order?")).isFalse();
    }

    @Test
    void streamingPiecesAreTokenSizedAndGiveTheTextBack() {
        String text = "退款步骤：1. open the order";
        assertThat(String.join("", TokenCounter.pieces(text))).isEqualTo(text);
        assertThat(TokenCounter.pieces("退款ab")).containsExactly("退", "款", "ab");
        assertThat(TokenCounter.pieces("abcdefghij")).containsExactly("abcd", "efgh", "ij");
    }
}
