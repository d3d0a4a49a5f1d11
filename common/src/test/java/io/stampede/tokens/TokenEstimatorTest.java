package io.stampede.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The worker's estimate when a target reports no usage, and the demo agent's own count: one rule. */
class TokenEstimatorTest {

    @Test
    void countsOneTokenPerCjkCharacter() {
        assertThat(TokenEstimator.estimate("退款流程")).isEqualTo(4);
        assertThat(TokenEstimator.estimate("你好，世界")).isEqualTo(5);
        assertThat(TokenEstimator.estimate("ありがとう")).as("kana").isEqualTo(5);
        assertThat(TokenEstimator.estimate("감사합니다")).as("hangul").isEqualTo(5);
    }

    @Test
    void cjkPunctuationAndFullWidthFormsCountOneEachAsTokenizersDo() {
        assertThat(TokenEstimator.estimate("。，、「」")).isEqualTo(5);
        assertThat(TokenEstimator.estimate("ＡＢ")).isEqualTo(2);
    }

    @Test
    void countsAboutOneTokenPerFourOtherCharacters() {
        assertThat(TokenEstimator.estimate("abcdefgh")).isEqualTo(2);
        assertThat(TokenEstimator.estimate("abcdefghi")).isEqualTo(3);
        assertThat(TokenEstimator.estimate("a")).isEqualTo(1);
        assertThat(TokenEstimator.estimate("😀😀😀😀")).as("characters, not UTF-16 units").isEqualTo(1);
    }

    @Test
    void nothingCountsNothing() {
        assertThat(TokenEstimator.estimate("")).isZero();
        assertThat(TokenEstimator.estimate(null)).isZero();
    }

    @Test
    void mixedTextAddsBothParts() {
        assertThat(TokenEstimator.estimate("订单 12345")).isEqualTo(2 + 2);
    }

    @Test
    void punctuationAloneIsNotChinese() {
        assertThat(TokenEstimator.hasCjkLetters("，？")).isFalse();
        assertThat(TokenEstimator.hasCjkLetters("ok 好")).isTrue();
        assertThat(TokenEstimator.hasCjkLetters("where is my order?")).isFalse();
    }

    @Test
    void streamingPiecesAreTokenSizedAndGiveTheTextBack() {
        String text = "退款步骤：1. open the order";
        assertThat(String.join("", TokenEstimator.pieces(text))).isEqualTo(text);
        assertThat(TokenEstimator.pieces("退款ab")).containsExactly("退", "款", "ab");
        assertThat(TokenEstimator.pieces("abcdefghij")).containsExactly("abcd", "efgh", "ij");
    }
}
