package io.stampede.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Tokens counted with the model family's own tokenizer, against known counts. The English and
 * Japanese counts are tiktoken's published ones (OpenAI cookbook, "How to count tokens with
 * tiktoken": {@code "tiktoken is great!"} → [83, 8251, 2488, 382, 2212, 0] in o200k_base,
 * [83, 1609, 5963, 374, 2294, 0] in cl100k_base; "お誕生日おめでとう" 8 and 9); the Chinese
 * sentences (the quickstart's) were counted once with jtokkit and cross-checked with an
 * independent implementation, js-tiktoken 1.0.21 with its own rank files, which gave the same
 * token ids.
 */
class TokenCountersTest {

    @ParameterizedTest(name = "{0}: \"{1}\" is {2} tokens")
    @CsvSource(delimiter = '|', textBlock = """
            o200k_base  | tiktoken is great!                            | 6
            cl100k_base | tiktoken is great!                            | 6
            o200k_base  | The quick brown fox jumps over the lazy dog.  | 10
            o200k_base  | antidisestablishmentarianism                  | 6
            cl100k_base | antidisestablishmentarianism                  | 6
            o200k_base  | 2 + 2 = 4                                     | 7
            cl100k_base | 2 + 2 = 4                                     | 7
            o200k_base  | お誕生日おめでとう                              | 8
            cl100k_base | お誕生日おめでとう                              | 9
            o200k_base  | 你好，我想了解退款流程                            | 6
            cl100k_base | 你好，我想了解退款流程                            | 12
            o200k_base  | 能给我具体步骤吗？                               | 7
            cl100k_base | 能给我具体步骤吗？                               | 12
            o200k_base  | 退款需要在30天内申请。                            | 8
            cl100k_base | 退款需要在30天内申请。                            | 11
            o200k_base  | 请问我的订单12345什么时候发货？                    | 10
            cl100k_base | 请问我的订单12345什么时候发货？                    | 15
            """)
    void anEncodingCountsTheTokensItsModelSees(String encoding, String text, long tokens) {
        assertThat(TokenCounters.of(encoding).count(text)).isEqualTo(tokens);
    }

    @Test
    void theEstimateDiffersFromTheRealCountWhichIsWhyItIsOnlyTheFallback() {
        // One per CJK character: 11 for a sentence o200k_base sees as 6 tokens.
        assertThat(TokenCounters.of("estimate").count("你好，我想了解退款流程")).isEqualTo(11);
        assertThat(TokenCounters.of("o200k_base").count("你好，我想了解退款流程")).isEqualTo(6);
    }

    @Test
    void specialTokenTextIsCountedAsTheOrdinaryTextAServerWouldSee() {
        assertThat(TokenCounters.of("cl100k_base").count("<|endoftext|>")).isGreaterThan(1);
    }

    @Test
    void aTextPastTheExactLimitIsCountedExactlyUpToItAndScaledBeyond() {
        String sentence = "The quick brown fox jumps over the lazy dog. ";
        TokenCounter o200k = TokenCounters.of("o200k_base");
        long perSentence = o200k.count(sentence.repeat(100)) / 100;
        String huge = sentence.repeat(BpeCounter.EXACT_CHARS / sentence.length() * 8);

        long counted = o200k.count(huge);

        assertThat((double) counted).isCloseTo((double) perSentence * huge.length() / sentence.length(),
                within(counted * 0.01));
    }

    @Test
    void emptyAndNullTextsHaveNoTokens() {
        assertThat(TokenCounters.of("o200k_base").count("")).isZero();
        assertThat(TokenCounters.of("o200k_base").count(null)).isZero();
    }

    @ParameterizedTest(name = "model {0} is counted with {1}")
    @CsvSource({
            "gpt-4o, o200k_base", "gpt-4o-mini-2024-07-18, o200k_base", "chatgpt-4o-latest, o200k_base",
            "gpt-4.1-nano, o200k_base", "gpt-5, o200k_base", "o1, o200k_base", "o3-mini, o200k_base",
            "o4-mini-2025-04-16, o200k_base", "gpt-oss-120b, o200k_base", "openai/gpt-4o, o200k_base",
            "ft:gpt-4o-mini:org::id, o200k_base", "GPT-4O, o200k_base",
            "gpt-4, cl100k_base", "gpt-4-turbo, cl100k_base", "gpt-3.5-turbo-0125, cl100k_base", "gpt-35-turbo, cl100k_base",
            "text-embedding-3-small, cl100k_base",
            "text-davinci-003, p50k_base", "code-davinci-002, p50k_base", "davinci, r50k_base",
            "claude-sonnet-4-5, estimate", "llama-3.1-70b, estimate", "qwen2.5-72b-instruct, estimate",
            "demo-gpt, estimate", "o1x, estimate"})
    void autoPicksTheEncodingOfTheModelsFamilyAndElseTheEstimate(String model, String counter) {
        assertThat(TokenCounters.resolve("auto", model)).isEqualTo(counter);
        assertThat(TokenCounters.resolve(null, model)).isEqualTo(counter);
    }

    @Test
    void aTokenizerNamedInTheScenarioWinsOverTheModel() {
        assertThat(TokenCounters.resolve("cl100k_base", "gpt-4o")).isEqualTo("cl100k_base");
        assertThat(TokenCounters.resolve("estimate", "gpt-4o")).isEqualTo("estimate");
        assertThat(TokenCounters.resolve("o200k_base", null)).isEqualTo("o200k_base");
        assertThat(TokenCounters.resolve("auto", null)).isEqualTo("estimate");
    }

    @Test
    void everyNameTheScenarioAcceptsHasACounterOfThatName() {
        for (String setting : TokenCounters.SETTINGS) {
            String name = TokenCounters.resolve(setting, "gpt-4o");
            assertThat(TokenCounters.of(name).name()).isEqualTo(name);
        }
        assertThatThrownBy(() -> TokenCounters.of("o200k")).isInstanceOf(IllegalArgumentException.class);
    }
}
