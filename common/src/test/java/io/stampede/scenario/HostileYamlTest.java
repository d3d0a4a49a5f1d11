package io.stampede.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Documents built to exhaust memory or stack are refused quickly, each with one clear error. */
class HostileYamlTest {
    private static final Duration QUICKLY = Duration.ofSeconds(2);

    @Test
    void aBillionLaughsAliasBombIsRefusedAtTheAliasOverTheLimit() {
        ScenarioError e = onlyError("hostile/billion-laughs.yaml");

        assertThat(e.line()).isEqualTo(10);
        assertThat(e.message()).startsWith("more than 50 aliases to lists or mappings (a possible alias bomb)");
    }

    @Test
    void fewAliasesThatExpandToMillionsOfValuesAreRefusedByTheWalkBudget() {
        ScenarioError e = onlyError("hostile/doubling-aliases.yaml");

        assertThat(e.message()).startsWith("the document expands to more than 100000 values (every use of an *alias counts): refused as a likely alias bomb");
        assertThat(e.path()).startsWith("user_profile.").endsWith("...");
        assertThat(e.line()).isPositive();
    }

    @Test
    void anAliasInsideItsOwnAnchorIsRefused() {
        ScenarioError e = onlyError("hostile/recursive-alias.yaml");

        assertThat(e.toString()).isEqualTo("2:15 user_profile.self: the anchor &loop is used inside itself:"
                + " an alias cannot refer to the value that contains it");
    }

    @Test
    void tenThousandLevelsOfNestingAreRefusedWithoutStackOverflow() {
        ScenarioError e = onlyError("hostile/deep-nesting.yaml");

        assertThat(e.toString()).isEqualTo("1:65 nesting deeper than 64 levels: a scenario never needs that many; flatten the structure");
    }

    @Test
    void aThreeMebibyteDocumentIsRefusedBeforeParsing() {
        String big = "scenario: big\nuser_profile:\n  filler: \"" + "x".repeat(3 * 1024 * 1024) + "\"\n";

        List<ScenarioError> errors = assertTimeoutPreemptively(QUICKLY, () -> Scenarios.errorsOfText(big));

        assertThat(errors).singleElement().satisfies(e -> assertThat(e.message())
                .startsWith("the document is 3.0 MiB, over the limit of 2 MiB"));
    }

    @Test
    void aThreeMebibyteFileIsRefusedWithoutReadingIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.yaml");
        Files.write(file, new byte[3 * 1024 * 1024]);

        assertThatThrownBy(() -> ScenarioLoader.loadFile(file))
                .isInstanceOfSatisfying(InvalidScenarioException.class,
                        e -> assertThat(e.errors()).singleElement().satisfies(err -> assertThat(err.message()).contains("over the limit of 2 MiB")));
    }

    @Test
    void tagsNeverCreateObjects() {
        List<ScenarioError> errors = Scenarios.errorsOfText(
                "scenario: tags\ntarget: {base_url: 'http://127.0.0.1:1'}\nuser_profile: !!javax.script.ScriptEngineManager [x]\nsteps: [{send: hi}]\n");

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.message()).startsWith("not valid YAML: Global tag is not allowed").endsWith("scenarios use no tags (!!name): remove it");
        });
    }

    private static ScenarioError onlyError(String file) {
        List<ScenarioError> errors = assertTimeoutPreemptively(QUICKLY, () -> Scenarios.errors(file));
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }
}
