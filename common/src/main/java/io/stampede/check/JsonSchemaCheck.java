package io.stampede.check;

import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;

import io.stampede.json.Json;

/**
 * {@code json_schema: { type: object, required: [order_id], properties: {...} }}: the reply is
 * JSON and valid against this JSON Schema (draft 2020-12 unless the schema's {@code $schema}
 * names another). For structured replies: the reply text is parsed as JSON, after removing a
 * Markdown code fence around it; a step without a reply (a {@code request}) uses its body.
 *
 * <p>The schema is compiled when the scenario loads, checked against its meta-schema so a typo
 * such as {@code type: strng} is a load error, and shared by all users (validation is
 * thread-safe once compiled). Validation uses networknt's json-schema-validator.
 */
public record JsonSchemaCheck(JsonSchema schema) implements Check {
    private static final int MAX_REASONS = 3;

    public static JsonSchemaCheck from(CheckArgument arg) {
        JsonNode node = Json.MAPPER.valueToTree(arg.asMap());
        SpecVersion.VersionFlag version = node.has("$schema") ? detect(node) : SpecVersion.VersionFlag.V202012;
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(version);
        try {
            // The meta-schemas ship inside the validator's jar: nothing is fetched.
            Set<ValidationMessage> metaErrors = factory.getSchema(SchemaLocation.of(version.getId())).validate(node);
            if (!metaErrors.isEmpty()) {
                throw new IllegalArgumentException("not a valid JSON Schema: " + describe(metaErrors));
            }
            JsonSchema schema = factory.getSchema(node);
            schema.initializeValidators();
            return new JsonSchemaCheck(schema);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a usable JSON Schema: " + e.getMessage());
        }
    }

    private static SpecVersion.VersionFlag detect(JsonNode node) {
        try {
            return SpecVersionDetector.detect(node);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("$schema " + node.get("$schema") + " is not a JSON Schema version this"
                    + " check knows (draft-04, -06, -07, 2019-09, 2020-12)");
        }
    }

    @Override
    public String kind() {
        return "json_schema";
    }

    @Override
    public Optional<String> verify(Observation o) {
        String text = o.reply() != null ? o.reply() : o.body();
        if (o.truncation() != null) {
            // A JSON document cut anywhere is not the document: judging the start would mislead.
            return Optional.of(o.truncation().explain("reply cannot be validated against the JSON schema whole"));
        }
        if (text == null || text.isBlank()) {
            return Optional.of("no reply to validate against the JSON schema");
        }
        JsonNode value;
        try {
            value = Json.MAPPER.readTree(unfence(text));
        } catch (Exception e) {
            return Optional.of("reply is not JSON, so it cannot match the schema: " + Replies.excerpt(text));
        }
        if (value == null || value.isMissingNode()) {
            return Optional.of("reply is not JSON, so it cannot match the schema: " + Replies.excerpt(text));
        }
        Set<ValidationMessage> errors = schema.validate(value);
        return errors.isEmpty() ? Optional.empty() : Optional.of("reply does not match the JSON schema: " + describe(errors));
    }

    /** The text inside a Markdown code fence (```json … ```), or the text itself. */
    static String unfence(String text) {
        String t = text.strip();
        if (!t.startsWith("```")) {
            return t;
        }
        int firstLine = t.indexOf('\n');
        int close = t.lastIndexOf("```");
        if (firstLine < 0 || close <= firstLine) {
            return t;
        }
        return t.substring(firstLine + 1, close).strip();
    }

    private static String describe(Set<ValidationMessage> errors) {
        StringBuilder out = new StringBuilder();
        Iterator<ValidationMessage> it = errors.iterator();
        for (int i = 0; i < MAX_REASONS && it.hasNext(); i++) {
            if (i > 0) {
                out.append("; ");
            }
            out.append(it.next().getMessage());
        }
        if (errors.size() > MAX_REASONS) {
            out.append(" (and ").append(errors.size() - MAX_REASONS).append(" more)");
        }
        return out.toString();
    }

    @Override
    public Reads reads() {
        return Reads.TEXT;
    }

    @Override
    public String reason(String detail) {
        String cut = Truncation.reasonOf(detail);
        return cut != null ? cut : Check.beforeValue(detail);
    }
}
