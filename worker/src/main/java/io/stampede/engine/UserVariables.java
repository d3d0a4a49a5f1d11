package io.stampede.engine;

import java.util.HashMap;
import java.util.Map;

import io.stampede.template.Variables;

/**
 * The names a template can use for one user: built-ins ({@code user.id}, {@code conversation_id},
 * {@code iteration}, {@code turn}, {@code run_id}, {@code model}, {@code user_profile}), the
 * user's CSV row as {@code user.<column>}, and variables extracted from earlier responses.
 */
final class UserVariables implements Variables {
    private final Session user;
    private final Map<String, String> row;
    private Map<String, Object> extracted;

    UserVariables(Session user, Map<String, String> row) {
        this.user = user;
        this.row = row;
    }

    void set(String name, Object value) {
        if (extracted == null) {
            extracted = new HashMap<>();
        }
        extracted.put(name, value);
    }

    @Override
    public Object lookup(String name) {
        switch (name) {
            case "user.id", "user.index":
                return user.userId();
            case "conversation_id":
                return user.conversationId();
            case "iteration":
                return user.conversation();
            case "turn":
                return user.turn();
            case "run_id":
                return user.lane().runId();
            case "model":
                return user.lane().scenario().target().model();
            case "user_profile":
                return user.lane().scenario().userProfile();
            default:
                break;
        }
        if (name.startsWith("user.")) {
            return row.get(name.substring(5));
        }
        return extracted == null ? null : extracted.get(name);
    }
}
