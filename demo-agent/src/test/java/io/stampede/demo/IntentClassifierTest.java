package io.stampede.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

class IntentClassifierTest {
    private final IntentClassifier classifier = new IntentClassifier();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvFileSource(resources = "/intents.csv", numLinesToSkip = 1, delimiter = '|')
    void classifiesChineseAndEnglishMessages(String message, String intent) {
        IntentClassifier.Classification result = classifier.classify(message, null);
        assertThat(result.intent().wireName()).isEqualTo(intent);
        assertThat(result.fromMemory()).isFalse();
    }

    @Test
    void followUpWithoutKeywordsKeepsTheLastTask() {
        IntentClassifier.Classification result = classifier.classify("能给我具体步骤吗？", Intent.REFUND);
        assertThat(result.intent()).isEqualTo(Intent.REFUND);
        assertThat(result.fromMemory()).isTrue();
        assertThat(result.confidence()).isBetween(0.5, 0.9);
    }

    @Test
    void keywordsWinOverMemory() {
        assertThat(classifier.classify("where is my package", Intent.REFUND).intent()).isEqualTo(Intent.ORDER_STATUS);
    }

    @Test
    void withoutKeywordsOrMemoryTheIntentIsUnknownWithLowConfidence() {
        IntentClassifier.Classification result = classifier.classify("能给我具体步骤吗？", null);
        assertThat(result.intent()).isEqualTo(Intent.UNKNOWN);
        assertThat(result.confidence()).isLessThan(0.5);
    }
}
