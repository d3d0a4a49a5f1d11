package io.stampede.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TemplateTest {
    private static final Map<String, Object> VALUES = Map.of(
            "user.order_id", "A-1001",
            "turn", 2,
            "user_profile", Map.of("memory", "enabled"));
    private static final Variables VARS = VALUES::get;

    @Test
    void placeholdersAreReplacedByTheirValues() {
        Template t = Template.compile("order {{user.order_id}}, turn {{ turn }}");

        assertThat(t.render(VARS)).isEqualTo("order A-1001, turn 2");
        assertThat(t.references()).containsExactly("user.order_id", "turn");
        assertThat(t.isLiteral()).isFalse();
    }

    @Test
    void aLiteralRendersAsItself() {
        Template t = Template.compile("no placeholders");

        assertThat(t.isLiteral()).isTrue();
        assertThat(t.render(VARS)).isSameAs(t.source());
    }

    @Test
    void aMissingVariableThrowsMissingVariableException() {
        Template t = Template.compile("hi {{nobody}}");

        assertThatThrownBy(() -> t.render(VARS)).isInstanceOfSatisfying(MissingVariableException.class,
                e -> assertThat(e.name()).isEqualTo("nobody"));
    }

    @Test
    void aSingleReferenceRendersTheRawValue() {
        Template t = Template.compile("{{user_profile}}");

        assertThat(t.isSingleReference()).isTrue();
        assertThat(t.renderValue(VARS)).isEqualTo(Map.of("memory", "enabled"));
        assertThat(Template.compile("{{turn}}").renderValue(VARS)).isEqualTo(2);
        assertThat(Template.compile("turn {{turn}}").renderValue(VARS)).isEqualTo("turn 2");
    }

    @Test
    void malformedPlaceholdersAreRefusedWithASentence() {
        assertThatThrownBy(() -> Template.compile("hi {{name")).hasMessageContaining("is never closed");
        assertThatThrownBy(() -> Template.compile("hi {{}}")).hasMessageContaining("is not a variable name");
        assertThatThrownBy(() -> Template.compile("hi {{a b}}")).hasMessageContaining("is not a variable name");
    }

    @Test
    void aJsonTemplateRendersStringsInsideAndKeepsOtherValues() {
        JsonTemplate body = JsonTemplate.compile(Map.of(
                "profile", "{{user_profile}}",
                "items", List.of("{{user.order_id}}", 3, true),
                "text", "turn {{turn}}"));

        assertThat(body.render(VARS)).isEqualTo(Map.of(
                "profile", Map.of("memory", "enabled"),
                "items", List.of("A-1001", 3, true),
                "text", "turn 2"));
        assertThat(body.references()).containsExactlyInAnyOrder("user_profile", "user.order_id", "turn");
    }
}
