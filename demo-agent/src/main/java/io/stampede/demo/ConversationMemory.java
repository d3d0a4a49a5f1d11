package io.stampede.demo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agent's conversations, bounded: past {@code maxConversations} the least recently used
 * one is forgotten, so a long load test cannot grow the heap without limit. A forgotten
 * conversation that comes back starts over at turn 1.
 *
 * <p>Not thread-safe by design: the agent touches it only from its own event loop, which
 * keeps every lookup a plain hash-map access.
 */
final class ConversationMemory {
    private final LinkedHashMap<String, Conversation> conversations;

    ConversationMemory(int maxConversations) {
        this.conversations = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Conversation> eldest) {
                return size() > maxConversations;
            }
        };
    }

    /** The conversation with this id, marked as recently used; null if unknown or forgotten. */
    Conversation find(String id) {
        return id == null ? null : conversations.get(id);
    }

    /** Remembers a new conversation, evicting the least recently used one when full. */
    Conversation create(String id) {
        Conversation conversation = new Conversation(id);
        conversations.put(id, conversation);
        return conversation;
    }

    int size() {
        return conversations.size();
    }
}
