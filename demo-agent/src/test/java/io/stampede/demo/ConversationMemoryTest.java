package io.stampede.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConversationMemoryTest {

    @Test
    void forgetsTheLeastRecentlyUsedConversationWhenFull() {
        ConversationMemory memory = new ConversationMemory(2);
        memory.create("a");
        memory.create("b");
        memory.find("a");
        memory.create("c");
        assertThat(memory.size()).isEqualTo(2);
        assertThat(memory.find("b")).isNull();
        assertThat(memory.find("a")).isNotNull();
        assertThat(memory.find("c")).isNotNull();
    }

    @Test
    void conversationRemembersTurnsAndTheLastTask() {
        Conversation conversation = new ConversationMemory(10).create("a");
        conversation.recordTurn(Intent.REFUND, 30);
        conversation.recordTurn(Intent.GREETING, 10);
        assertThat(conversation.turns()).isEqualTo(2);
        assertThat(conversation.intents()).containsExactly(Intent.REFUND, Intent.GREETING);
        assertThat(conversation.lastTask()).isEqualTo(Intent.REFUND);
        assertThat(conversation.historyTokens()).isEqualTo(40);
    }

    @Test
    void historyIsTruncatedLikeAContextWindow() {
        Conversation conversation = new Conversation("a");
        for (int i = 0; i < 100; i++) {
            conversation.recordTurn(Intent.BILLING, 100);
        }
        assertThat(conversation.historyTokens()).isEqualTo(Conversation.MAX_HISTORY_TOKENS);
    }
}
