package io.stampede.demo;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What the agent remembers of one conversation: how many turns it had, the intents of the
 * recent ones, and how many tokens of history a prompt would carry. Mutable, and confined to
 * the agent's event loop like the {@link ConversationMemory} that holds it.
 */
final class Conversation {
    /** Older history is dropped from the prompt past this size, as a real agent truncates its context. */
    static final int MAX_HISTORY_TOKENS = 3_000;
    private static final int MAX_REMEMBERED_INTENTS = 20;

    private final String id;
    private final Deque<Intent> intents = new ArrayDeque<>();
    private int turns;
    private int historyTokens;

    Conversation(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    int turns() {
        return turns;
    }

    int historyTokens() {
        return historyTokens;
    }

    /** The intents of recent turns, oldest first. */
    List<Intent> intents() {
        return new ArrayList<>(intents);
    }

    /** The latest intent that was a task (not a greeting or unknown), or null. */
    Intent lastTask() {
        for (var it = intents.descendingIterator(); it.hasNext(); ) {
            Intent intent = it.next();
            if (intent.isTask()) {
                return intent;
            }
        }
        return null;
    }

    History history() {
        return new History(turns, lastTask(), historyTokens);
    }

    void recordTurn(Intent intent, int tokensAdded) {
        turns++;
        intents.addLast(intent);
        if (intents.size() > MAX_REMEMBERED_INTENTS) {
            intents.removeFirst();
        }
        historyTokens = Math.min(MAX_HISTORY_TOKENS, historyTokens + tokensAdded);
    }
}
