package io.stampede.cli;

import java.time.Duration;

import io.stampede.otlp.OtlpOptions;
import io.stampede.otlp.TracesUrl;
import io.stampede.run.CoordinatorOptions;
import io.stampede.time.Durations;
import picocli.CommandLine.Option;

/** The agent's own spans in (the OTLP receiver) and Stampede's out; shared by {@code coordinator} and {@code run}. */
final class OtlpCliOptions {
    /** A run's last report more than a minute late ends it: the wait for late spans stays well inside that. */
    static final Duration MAX_GRACE = Duration.ofSeconds(50);

    @Option(names = "--otlp-port", paramLabel = "PORT",
            description = "port of the OTLP/HTTP receiver for the agent's own spans, POST /v1/traces (default ${DEFAULT-VALUE})")
    int port = 4318;

    @Option(names = "--no-otlp", description = "do not receive the agent's spans")
    boolean off;

    @Option(names = "--otlp-forward", paramLabel = "URL",
            description = "also send every span received to this collector, e.g. http://otel-collector:4318")
    String forward;

    @Option(names = "--otlp-export", paramLabel = "URL",
            description = "export Stampede's own client span of each exchange (the parent of the agent's spans) to this"
                    + " collector, e.g. http://otel-collector:4318")
    String export;

    @Option(names = "--otlp-grace", paramLabel = "D",
            description = "after the load, wait at most this long for the agent's late spans (default ${DEFAULT-VALUE}, at most 50s)")
    String grace = "30s";

    @Option(names = "--otlp-quiet", paramLabel = "D",
            description = "after the load, stop waiting once no span has come for this long (default ${DEFAULT-VALUE})")
    String quiet = "6s";

    /** The wait for late spans and the export URL. @throws IllegalArgumentException with a sentence */
    CoordinatorOptions apply(CoordinatorOptions options) {
        Duration g = duration("--otlp-grace", grace);
        Duration q = duration("--otlp-quiet", quiet);
        if (g.compareTo(MAX_GRACE) > 0) {
            throw new IllegalArgumentException("--otlp-grace: at most 50s (a run whose last report is a minute late is ended)");
        }
        return options.spanGraceMs(g.toMillis()).spanQuietMs(q.toMillis())
                .otlpExportUrl(export == null ? null : url("--otlp-export", export));
    }

    /** The receiver's settings on {@code host}, or null with {@code --no-otlp}. @throws IllegalArgumentException */
    OtlpOptions receiver(String host) {
        if (off) {
            return null;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--otlp-port: " + port + " is not a port (0 takes a free one)");
        }
        return new OtlpOptions().host(host).port(port).forwardUrl(forward == null ? null : url("--otlp-forward", forward));
    }

    private static Duration duration(String option, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }

    private static String url(String option, String text) {
        try {
            return TracesUrl.of(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }
}
