package io.stampede.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The three shapes of a conversation row, and the sentence a row in none of them gets. */
class ConversationFormatTest {

    @Test
    void openAiMessagesBecomeTurnsWithTheirRecordedReplies() {
        Conversation c = ConversationFormat.parse("{\"messages\": [{\"role\": \"system\", \"content\": \"be brief\"},"
                + "{\"role\": \"user\", \"content\": \"hi\"}, {\"role\": \"assistant\", \"content\": \"hello\"},"
                + "{\"role\": \"tool\", \"content\": \"{}\"}, {\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"a\"},"
                + "{\"type\": \"text\", \"text\": \"b\"}]}]}", 7);

        assertThat(c.row()).isEqualTo(7);
        assertThat(c.system()).isEqualTo("be brief");
        assertThat(c.turns()).extracting(Conversation.Turn::user).containsExactly("hi", "ab");
        assertThat(c.turns()).extracting(Conversation.Turn::expectedReply).containsExactly("hello", null);
    }

    @Test
    void shareGptConversationsReadTheSame() {
        Conversation c = ConversationFormat.parse("{\"id\": \"x\", \"conversations\": [{\"from\": \"human\", \"value\": \"你好\"},"
                + "{\"from\": \"gpt\", \"value\": \"您好\"}, {\"from\": \"human\", \"value\": \"退款\"}, {\"from\": \"gpt\", \"value\": \"好的\"}]}", 0);

        assertThat(c.turns()).extracting(Conversation.Turn::user).containsExactly("你好", "退款");
        assertThat(c.turns()).extracting(Conversation.Turn::expectedReply).containsExactly("您好", "好的");
    }

    @Test
    void aRecordingKeepsItsThinkTimesAndStart() {
        Conversation c = ConversationFormat.parse("{\"started_ms\": 1500.5, \"turns\": [{\"user\": \"a\", \"reply\": \"b\","
                + " \"think_ms\": 0}, {\"user\": \"c\", \"reply\": \"d\", \"think_ms\": 800}]}", 3);

        assertThat(c.startMs()).isEqualTo(1500.5);
        assertThat(c.turns()).extracting(Conversation.Turn::thinkMs).containsExactly(0L, 800L);
        assertThat(c.turns()).extracting(Conversation.Turn::expectedReply).containsExactly("b", "d");
    }

    @Test
    void aRowInNoShapeSaysWhatToWrite() {
        assertThatThrownBy(() -> ConversationFormat.parse("[1, 2]", 0)).hasMessageContaining("is not a JSON object");
        assertThatThrownBy(() -> ConversationFormat.parse("{\"prompt\": \"hi\"}", 0))
                .hasMessageContaining("has neither \"messages\" nor \"conversations\"").hasMessageContaining("ShareGPT");
        assertThatThrownBy(() -> ConversationFormat.parse("{\"messages\": [{\"role\": \"assistant\", \"content\": \"hi\"}]}", 0))
                .hasMessageContaining("has no user message");
        assertThatThrownBy(() -> ConversationFormat.parse("{\"messages\": [{\"content\": \"hi\"}]}", 0))
                .hasMessageContaining("messages[0] must be an object with a text \"role\"");
        assertThatThrownBy(() -> ConversationFormat.parse("{\"messages\": [", 0)).hasMessageStartingWith("is not JSON");
    }
}
