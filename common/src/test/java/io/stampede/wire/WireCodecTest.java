package io.stampede.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.stampede.load.ArrivalSegment;
import io.stampede.load.LoadProfile;
import io.stampede.metrics.MetricsSnapshot;

class WireCodecTest {

    static Stream<WireMessage> everyMessageType() {
        MetricsSnapshot snapshot = new MetricsSnapshot();
        snapshot.key("step:ask_refund").record(123_456, true);
        snapshot.key("step:ask_refund").record(2_000_000, false);
        snapshot.key("step:ask_refund").addFailure("HTTP 500");
        snapshot.key("step:ask_refund").addTokens(300, 120);
        snapshot.key("node:llm_call").record(80_000, true);
        snapshot.counters().usersStarted = 2;
        snapshot.counters().conversationsStarted = 2;
        snapshot.counters().conversationsFailed = 1;
        SnapshotPayload payload = SnapshotPayload.of(snapshot);
        ScenarioPayload scenario = new ScenarioPayload("scenario: x\n", "x.yaml", Map.of("AGENT_URL", "http://127.0.0.1:8700"),
                "users.csv", List.of("order_id", "name"),
                List.of(Map.of("order_id", "A-1", "name", "李雷"), Map.of("order_id", "A-2", "name", "Hanmeimei, \"quoted\"")));
        LoadProfile closed = LoadProfile.closed(100, 10_000, 120_000, 0, 10_000);
        SlicePlan plan = SlicePlan.range(closed, 10, 20).withClockOffset(-35);
        SlicePlan takenOver = SlicePlan.takeover(LoadProfile.closed(100, 10_000, 120_000, 3, 10_000),
                List.of(4, 17, 99), List.of(0, 2, 3), List.of(true, true, false)).withClockOffset(12);
        SlicePlan open = SlicePlan.open(LoadProfile.arrivals(List.of(new LoadProfile.Stage(30_000, 0, 20),
                new LoadProfile.Stage(30_000, 20, 20)), true, 77, 4, 10_000), new ArrivalSegment(List.of(new ArrivalSegment.Part(1, 3, 0, ArrivalSegment.FOREVER),
                        new ArrivalSegment.Part(3, 4, 0, 12_000)), 4, 500, 1, 2));
        NodeEvent event = new NodeEvent(1_760_000_000_123L, "r1", 7, 2, "ask_refund", "llm_call", "classify_intent", "error",
                12.5, 77, "status error");
        return Stream.of(
                new WorkerHeartbeat(WireMessage.VERSION, "w-1", "host-a", 5000, 42, List.of("r1", "r2"), 3, 1_760_000_000_000L, "0.1.0",
                        "node-uuid-1", 0.42, 64L << 20),
                new LeaseRequest(WireMessage.VERSION, "w-1", 3),
                new Rebalance(WireMessage.VERSION, "r1", "s2", 31_000, List.of(7, 9), null),
                new Rebalance(WireMessage.VERSION, "r1", "s2", 31_000, null, open.segment()),
                new Rebalanced(WireMessage.VERSION, "r1", "s2", List.of(7), 31_000),
                new LeaseGrant(WireMessage.VERSION, "w-1", 4, 3_000, true, null),
                new LeaseGrant(WireMessage.VERSION, "w-1", 4, 3_000, false, "worker w-1 is not a member in good standing"),
                new StartSlice(WireMessage.VERSION, "r1", "s0", "c-1", 1, scenario, plan),
                new SliceAccepted(WireMessage.VERSION, "r1", "s0", "w-1", List.of("w-1/s0/0", "w-1/s0/1")),
                new StopRun(WireMessage.VERSION, "r1", "stopped by user", true),
                new IntervalReport(WireMessage.VERSION, "r1", "s0", "w-1/s0/0", 5, 1_000, 2_000, true, 0, payload, payload,
                        List.of(event), List.of(new UserProgress(10, 3, true), new UserProgress(11, 2, false))),
                new IntervalReport(WireMessage.VERSION, "r1", "s0", "w-1/s0/1", 0, 1_000, 2_000, false, 3, payload, null, List.of(), List.of()),
                new StartSlice(WireMessage.VERSION, "r1", "s1", "c-1", 2, scenario, takenOver),
                new StartSlice(WireMessage.VERSION, "r2", "s0", "c-1", 1, scenario, open),
                new StartSlice(WireMessage.VERSION, "r3", "s0", "c-1", 1, scenario, plan, new Tracing(0x5eed5eed5eedL,
                        "http://127.0.0.1:4318/v1/traces")),
                new ClockPing(WireMessage.VERSION, 1_760_000_000_000L, 1_760_000_000_012L),
                new GoSlice(WireMessage.VERSION, "r1", "s0", 1_760_000_000_250L),
                new ReportAck(WireMessage.VERSION, "r1", "w-1/s0/0", 5),
                new DatasetRowsRequest(WireMessage.VERSION, "r1", new long[] {0, 1, 2, 7_000_000_000L}),
                new DatasetRows(WireMessage.VERSION, "r1", List.of(new DatasetRows.Drawn(0, 4, 5, "{\"messages\": []}"),
                        new DatasetRows.Drawn(1, -1, -1, null))));
    }

    @ParameterizedTest
    @MethodSource("everyMessageType")
    void everyMessageTypeSurvivesTheRoundTrip(WireMessage message) {
        byte[] bytes = WireCodec.encode(message);

        WireMessage decoded = WireCodec.decode(bytes, message.getClass());

        assertThat(decoded).isEqualTo(message);
    }

    @Test
    void everyPermittedMessageTypeIsCoveredAbove() {
        List<Class<?>> covered = everyMessageType().<Class<?>>map(Object::getClass).distinct().toList();

        assertThat(covered).containsExactlyInAnyOrder(WireMessage.class.getPermittedSubclasses());
    }

    @Test
    void theVersionTravelsInTheJson() {
        String json = new String(WireCodec.encode(new ReportAck(WireMessage.VERSION, "r", "s", 1)), StandardCharsets.UTF_8);

        assertThat(json).contains("\"v\":" + WireMessage.VERSION);
    }

    @Test
    void anotherProtocolVersionIsRefusedSayingWhichVersions() {
        assertThatThrownBy(() -> WireCodec.decode(resource("lease-request-v1.json"), LeaseRequest.class))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("LeaseRequest")
                .hasMessageContaining("protocol version 1")
                .hasMessageContaining("speaks " + WireMessage.VERSION);
    }

    @Test
    void aMessageWithoutVersionIsRefused() {
        assertThatThrownBy(() -> WireCodec.decode(resource("lease-request-no-version.json"), LeaseRequest.class))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("protocol version -1");
    }

    @Test
    void aStartSliceFromACoordinatorBeforeTracingDecodesWithoutIt() {
        String json = new String(WireCodec.encode(new StartSlice(WireMessage.VERSION, "r1", "s0", "c-1", 1, null,
                SlicePlan.range(LoadProfile.closed(1, 0, 1000, 0, 0), 0, 1))), StandardCharsets.UTF_8)
                .replace(",\"tracing\":null", "");

        assertThat(json).doesNotContain("tracing");
        assertThat(WireCodec.decode(json.getBytes(StandardCharsets.UTF_8), StartSlice.class).tracing()).isNull();
    }

    @Test
    void unknownFieldsOfTheSameVersionAreIgnoredSoNewerNodesCanAddFields() {
        LeaseRequest request = WireCodec.decode(resource("lease-request-extra-fields.json"), LeaseRequest.class);

        assertThat(request).isEqualTo(new LeaseRequest(WireMessage.VERSION, "w-1", 3));
    }

    @Test
    void garbageBytesAreRefusedWithWireFormatException() {
        assertThatThrownBy(() -> WireCodec.decode(resource("garbage.bin"), IntervalReport.class))
                .isInstanceOf(WireFormatException.class)
                .hasMessageStartingWith("IntervalReport: ");
    }

    @Test
    void jsonThatIsNotAnObjectIsRefused() {
        assertThatThrownBy(() -> WireCodec.decode(resource("json-array.json"), LeaseRequest.class))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> WireCodec.decode("42".getBytes(StandardCharsets.UTF_8), LeaseRequest.class))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> WireCodec.decode(new byte[0], LeaseRequest.class))
                .isInstanceOf(WireFormatException.class);
    }

    @Test
    void aFieldOfTheWrongTypeIsRefusedNotCrashing() {
        assertThatThrownBy(() -> WireCodec.decode(resource("report-ack-wrong-types.json"), ReportAck.class))
                .isInstanceOf(WireFormatException.class)
                .hasMessageStartingWith("ReportAck: ");
    }

    @Test
    void truncatedMessagesAreRefused() {
        byte[] whole = WireCodec.encode(new StopRun(WireMessage.VERSION, "r1", "why", false));
        byte[] half = java.util.Arrays.copyOf(whole, whole.length / 2);

        assertThatThrownBy(() -> WireCodec.decode(half, StopRun.class)).isInstanceOf(WireFormatException.class);
    }

    private static byte[] resource(String name) {
        try (InputStream in = WireCodecTest.class.getResourceAsStream("/wire/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource /wire/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
