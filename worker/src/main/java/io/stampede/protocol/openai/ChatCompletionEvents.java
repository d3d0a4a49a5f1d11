package io.stampede.protocol.openai;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.NumberInput;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import io.stampede.json.Json;
import io.stampede.protocol.ResponseFields;
import io.stampede.protocol.sse.EventReader;
import io.stampede.protocol.sse.JsonEvents;
import io.stampede.protocol.sse.StreamTurn;

/**
 * OpenAI chat-completions stream chunks ({@code chat.completion.chunk}), as OpenAI and the many
 * servers that copy it send them: text in {@code choices[0].delta.content}, reasoning in
 * {@code delta.reasoning_content} or {@code delta.reasoning}, tool calls as fragments in
 * {@code delta.tool_calls[]} merged by {@code index} (a new id at a seen index is a new call),
 * {@code finish_reason} possibly in a chunk whose delta is empty, usage in its own last chunk
 * with empty {@code choices}, and {@code data: [DONE]} at the end. A chunk with an
 * {@code error} fails the turn. Fields some agents add to chunks ({@code intent},
 * {@code tools_called}, {@code trace}, {@code conversation_id}) are read when present. Only
 * choice 0 is the reply.
 *
 * <p>A chunk is read token by token into what it says ({@link Chunk}), not into a tree: a stream's
 * events are the generator's most frequent allocation (a tree of maps per event was a third of a
 * streaming worker's garbage, docs/PERFORMANCE.md). What the chunk says is applied to the turn
 * only once the whole chunk has parsed, in the order a tree was read in, so a malformed chunk
 * changes nothing; a repeated key counts its last value, as in a tree.
 */
public final class ChatCompletionEvents implements EventReader {
    public static final ChatCompletionEvents INSTANCE = new ChatCompletionEvents();

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    @Override
    public void onEvent(String event, byte[] data, long nanos, StreamTurn turn) {
        if (data.length == 6 && JsonEvents.is(data, "[DONE]")) {
            turn.done(nanos);
            return;
        }
        Chunk chunk = new Chunk();
        try (JsonParser p = Json.MAPPER.getFactory().createParser(data)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                turn.fail("an event has no data");
                return;
            }
            if (first == JsonToken.START_OBJECT) {
                chunk.read(p);
            } else {
                p.skipChildren(); // valid JSON that is not an object says nothing
            }
        } catch (IOException e) {
            turn.fail("an event is not valid JSON: " + JsonEvents.excerpt(data));
            return;
        }
        chunk.apply(nanos, turn);
    }

    @Override
    public String terminal() {
        return "data: [DONE]";
    }

    /** What one chunk says. */
    private static final class Chunk {
        private JsonNode error;
        private List<Choice> choices;
        private Map<String, Object> usage;
        private String intent;
        private String conversationId;
        private Object toolsCalled;
        private Object trace;

        /** Reads the chunk's object; the parser is on its START_OBJECT. */
        void read(JsonParser p) throws IOException {
            fields(p, (field, value) -> {
                switch (field) {
                    case "error" -> error = value == JsonToken.VALUE_NULL ? skip(p) : Json.MAPPER.readTree(p);
                    case "choices" -> choices = value == JsonToken.START_ARRAY ? choices(p) : skip(p);
                    case "usage" -> usage = value == JsonToken.START_OBJECT ? Json.MAPPER.readValue(p, MAP) : skip(p);
                    case "intent" -> intent = text(p, value);
                    case "conversation_id" -> conversationId = text(p, value);
                    case "tools_called" -> toolsCalled = plain(p, value);
                    case "trace" -> trace = plain(p, value);
                    default -> p.skipChildren();
                }
            });
        }

        /** Choice 0 of the array (every element whose index reads as 0); the parser is on its START_ARRAY. */
        private static List<Choice> choices(JsonParser p) throws IOException {
            List<Choice> zero = new ArrayList<>(1);
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t == JsonToken.START_OBJECT) {
                    Choice choice = new Choice();
                    choice.read(p);
                    if (choice.index == 0) {
                        zero.add(choice);
                    }
                } else {
                    p.skipChildren(); // not an object: nothing to read in it
                }
            }
            return zero;
        }

        void apply(long nanos, StreamTurn turn) {
            if (error != null) {
                turn.fail("error event in the stream: " + JsonEvents.errorMessage(error));
                return;
            }
            if (choices != null) {
                for (Choice choice : choices) {
                    choice.apply(nanos, turn);
                }
            }
            if (usage != null) {
                turn.usage(ResponseFields.usage(usage));
            }
            turn.intent(intent);
            turn.conversationId(conversationId);
            turn.agentTools(toolsCalled);
            turn.agentTrace(trace);
        }
    }

    /** One choice: its index, its delta's texts and tool-call fragments, its finish reason. */
    private static final class Choice {
        int index;
        private String reasoningContent;
        private String reasoning;
        private String content;
        private List<Call> calls;
        private String finishReason;

        void read(JsonParser p) throws IOException {
            fields(p, (field, value) -> {
                switch (field) {
                    case "index" -> index = asInt(p, value);
                    case "delta" -> {
                        reasoningContent = null;
                        reasoning = null;
                        content = null;
                        calls = null;
                        if (value == JsonToken.START_OBJECT) {
                            delta(p);
                        } else {
                            p.skipChildren();
                        }
                    }
                    case "finish_reason" -> finishReason = text(p, value);
                    default -> p.skipChildren();
                }
            });
        }

        private void delta(JsonParser p) throws IOException {
            fields(p, (field, value) -> {
                switch (field) {
                    case "reasoning_content" -> reasoningContent = text(p, value);
                    case "reasoning" -> reasoning = text(p, value);
                    case "content" -> content = text(p, value);
                    case "tool_calls" -> calls = value == JsonToken.START_ARRAY ? calls(p) : skip(p);
                    default -> p.skipChildren();
                }
            });
        }

        private static List<Call> calls(JsonParser p) throws IOException {
            List<Call> calls = new ArrayList<>(1);
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                Call call = new Call();
                if (t == JsonToken.START_OBJECT) {
                    call.read(p);
                } else {
                    p.skipChildren(); // a fragment that is no object still names index 0, as a tree's path() did
                }
                calls.add(call);
            }
            return calls;
        }

        void apply(long nanos, StreamTurn turn) {
            turn.reasoning(reasoningContent, nanos);
            turn.reasoning(reasoning, nanos);
            turn.content(content, nanos);
            if (calls != null) {
                for (Call call : calls) {
                    call.apply(nanos, turn);
                }
            }
            turn.finishReason(finishReason);
        }
    }

    /** A tool-call fragment: its index, id, and the function's name and arguments so far. */
    private static final class Call {
        private int index;
        private String id;
        private String name;
        private String arguments;

        void read(JsonParser p) throws IOException {
            fields(p, (field, value) -> {
                switch (field) {
                    case "index" -> index = asInt(p, value);
                    case "id" -> id = text(p, value);
                    case "function" -> {
                        name = null;
                        arguments = null;
                        if (value == JsonToken.START_OBJECT) {
                            function(p);
                        } else {
                            p.skipChildren();
                        }
                    }
                    default -> p.skipChildren();
                }
            });
        }

        private void function(JsonParser p) throws IOException {
            fields(p, (field, value) -> {
                switch (field) {
                    case "name" -> name = text(p, value);
                    case "arguments" -> arguments = text(p, value);
                    default -> p.skipChildren();
                }
            });
        }

        void apply(long nanos, StreamTurn turn) {
            turn.toolAt(index, id, nanos).name(name).arguments(arguments);
            if ((name != null && !name.isEmpty()) || (arguments != null && !arguments.isEmpty())) {
                turn.toolDelta(nanos);
            }
        }
    }

    // ---- objects and values, read as a tree's accessors read them

    /** What to do with one field of an object: read its value or skip it. */
    @FunctionalInterface
    private interface Field {
        void read(String name, JsonToken value) throws IOException;
    }

    /** Hands each field of an object to {@code field}; the parser is on the object's START_OBJECT. */
    private static void fields(JsonParser p, Field field) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            field.read(name, p.nextToken());
        }
    }

    /** A string value, or null for anything else (skipped). */
    private static String text(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    /** An object or array as plain Java (Map/List), a scalar as itself, null for null. */
    private static Object plain(JsonParser p, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_NULL ? null : Json.MAPPER.readValue(p, Object.class);
    }

    /** {@code JsonNode.asInt(0)}: a number truncated, a numeric string parsed, true 1, anything else 0. */
    private static int asInt(JsonParser p, JsonToken value) throws IOException {
        return switch (value) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue().intValue();
            case VALUE_STRING -> NumberInput.parseAsInt(p.getText(), 0);
            case VALUE_TRUE -> 1;
            default -> {
                p.skipChildren();
                yield 0;
            }
        };
    }

    /** Skips the value the parser is on; answers null for the field it was read into. */
    private static <T> T skip(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
    }
}
