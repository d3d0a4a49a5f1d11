package io.stampede.demo;

/**
 * What a turn starts from: how many turns came before, the last task intent among them
 * (null if none) and the tokens of history a prompt carries. Taken from a remembered
 * {@link Conversation} for {@code /chat}, or rebuilt from the messages of an OpenAI request.
 */
record History(int turns, Intent lastTask, int tokens) {
    static final History NONE = new History(0, null, 0);
}
