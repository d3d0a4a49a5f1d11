package io.stampede.check;

import static io.stampede.check.CheckKinds.check;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * Checks on a reply of which only the start was kept ({@code target.max_reply_bytes}): what the
 * kept start shows holds; what it does not show fails saying that only the start was checked and
 * what to do, with the reply's size in the detail and not in the reason (reasons group).
 */
class TruncatedReplyChecksTest {
    private static final Truncation CUT = new Truncation(4 << 20, 4 << 20, 50L << 20);
    private static final String START = "退款步骤：1. 打开订单 2. 申请退款";

    private static Observation cut(String kept, Object json) {
        return new Observation(200, kept, json, kept, null, List.of(), 1000, -1, Usage.NONE, null, CUT);
    }

    @Test
    void whatTheKeptStartShowsHolds() {
        assertThat(check("response_contains", List.of("退款", "申请")).verify(cut(START, null))).isEmpty();
        assertThat(check("response_matches", "步骤.*1\\.").verify(cut(START, null))).isEmpty();
    }

    @Test
    void aTextNotInTheKeptStartFailsSayingOnlyTheStartWasChecked() {
        Check contains = check("response_contains", "等待审核");

        String detail = contains.verify(cut(START, null)).orElseThrow();

        assertThat(detail).isEqualTo("reply does not contain \"等待审核\": checked only the first 4 MiB of a 50 MiB reply:"
                + " raise target.max_reply_bytes");
        assertThat(contains.reason(detail)).isEqualTo("reply does not contain \"等待审核\": checked only the first 4 MiB of a"
                + " longer reply: raise target.max_reply_bytes");
    }

    @Test
    void aPatternNotFoundInTheKeptStartSaysSoToo() {
        Check matches = check("response_matches", "审核$");

        String detail = matches.verify(cut(START, null)).orElseThrow();

        assertThat(matches.reason(detail)).isEqualTo("reply does not match /审核$/: checked only the first 4 MiB of a"
                + " longer reply: raise target.max_reply_bytes");
    }

    @Test
    void aJsonPathOnABodyTooLongToParseSaysWhyItCannotBeRead() {
        Check path = check("json_path", Map.of("$.status", "shipped"));

        Optional<String> detail = path.verify(cut("{\"status\":\"shipp", null));

        assertThat(detail).contains("$.status cannot be read: checked only the first 4 MiB of a 50 MiB reply:"
                + " raise target.max_reply_bytes");
        assertThat(path.reason(detail.get())).isEqualTo("$.status cannot be read: checked only the first 4 MiB of a"
                + " longer reply: raise target.max_reply_bytes");
    }

    @Test
    void aJsonSchemaIsNeverJudgedOnTheStartOfADocument() {
        Check schema = check("json_schema", Map.of("type", "object"));

        assertThat(schema.verify(cut("{\"order_id\": 1}", null))).hasValueSatisfying(d -> assertThat(d)
                .startsWith("reply cannot be validated against the JSON schema whole: checked only the first 4 MiB"));
    }

    @Test
    void theChecksThatReadTheBodySaySoAndTheOthersReadNothing() {
        assertThat(check("response_contains", "x").reads()).isEqualTo(Check.Reads.TEXT);
        assertThat(check("response_matches", "x").reads()).isEqualTo(Check.Reads.TEXT);
        assertThat(check("json_schema", Map.of("type", "object")).reads()).isEqualTo(Check.Reads.TEXT);
        assertThat(check("json_path", Map.of("$.a", 1)).reads()).isEqualTo(Check.Reads.JSON);
        assertThat(check("status", 200).reads()).isEqualTo(Check.Reads.NOTHING);
        assertThat(check("max_latency", "1s").reads()).isEqualTo(Check.Reads.NOTHING);
        assertThat(new InBlock("assert", check("json_path", Map.of("$.a", 1))).reads()).isEqualTo(Check.Reads.JSON);
    }

    @Test
    void sizesReadAsAPersonWritesThem() {
        assertThat(Truncation.size(900)).isEqualTo("900 bytes");
        assertThat(Truncation.size(64 * 1024)).isEqualTo("64 KiB");
        assertThat(Truncation.size(4 << 20)).isEqualTo("4 MiB");
        assertThat(Truncation.size(50_000_000)).isEqualTo("47.7 MiB");
        assertThat(Truncation.size(1536)).isEqualTo("1.5 KiB");
    }
}
