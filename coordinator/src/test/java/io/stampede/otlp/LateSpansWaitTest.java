package io.stampede.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.stampede.results.Summary;
import io.stampede.run.Run;
import io.stampede.testkit.RealCluster;

/** When a run waits for the agent's late spans, and when it does not. Quiet period 3 s here. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LateSpansWaitTest {
    @TempDir
    static Path dataDir;
    private static RealCluster cluster;
    private static String agent;

    @BeforeAll
    static void start() {
        cluster = RealCluster.start(dataDir, options -> options.spanQuietMs(3_000).spanGraceMs(10_000));
        agent = cluster.startAgent(0);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aRunWhoseAgentSendsNoSpansEndsWithoutWaitingForAny() {
        Summary s = cluster.run("otlp/one-turn.yaml", Map.of("AGENT_URL", agent)).summary();
        assertThat(s.durationS()).isLessThan(2.5);
        assertThat(s.notes()).noneMatch(n -> n.contains("span"));
    }

    @Test
    void aRunWhoseScenarioDeclaresSpansWaitsTheQuietPeriodThenSaysNoneCame() {
        Run run = cluster.run("otlp/spans-declared.yaml", Map.of("AGENT_URL", agent));
        assertThat(run.summary().durationS()).isGreaterThanOrEqualTo(3.0);
        assertThat(run.summary().notes()).anySatisfy(n -> assertThat(n).contains("no span of this run arrived",
                "OTEL_EXPORTER_OTLP_ENDPOINT"));
    }
}
