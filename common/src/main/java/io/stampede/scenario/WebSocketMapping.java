package io.stampede.scenario;

import io.stampede.template.JsonTemplate;

/**
 * How the {@code websocket} protocol talks, from {@code target.websocket}: where to connect
 * (below {@code base_url}), the frame a turn sends (a JSON template; a plain text template is
 * sent as it renders), and whether a socket lives for a conversation or for one turn. Frames
 * that come back are read like SSE event data, with {@code target.stream}'s paths.
 *
 * @param path        below the base URL, e.g. {@code /ws}; empty for the base URL itself
 * @param perTurn     true: a new socket per turn; false: one socket per conversation
 */
public record WebSocketMapping(String path, JsonTemplate message, boolean perTurn) {
}
