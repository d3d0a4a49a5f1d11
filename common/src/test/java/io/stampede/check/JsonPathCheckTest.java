package io.stampede.check;

import static io.stampede.check.CheckKinds.check;
import static io.stampede.check.CheckKinds.verify;
import static io.stampede.check.Seen.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonPathCheckTest {
    private static final String ORDER = "{\"order_id\":\"12345\",\"status\":\"shipped\",\"items\":3,\"total\":19.9,"
            + "\"paid\":true,\"lines\":[{\"sku\":\"A\"},{\"sku\":\"B\"}]}";

    @Test
    void eachPathMustEqualItsValue() {
        assertThat(verify("json_path", ordered("$.status", "shipped", "$.lines[1].sku", "B"), response().json(ORDER))).isEmpty();
        assertThat(verify("json_path", Map.of("$.paid", true), response().json(ORDER))).isEmpty();
    }

    @Test
    void numbersCompareByValueSoThreeEqualsThreePointZero() {
        assertThat(verify("json_path", Map.of("$.items", 3), response().json(ORDER))).isEmpty();
        assertThat(verify("json_path", Map.of("$.items", 3.0), response().json(ORDER))).isEmpty();
        assertThat(verify("json_path", Map.of("$.total", 19.9), response().json(ORDER))).isEmpty();
        assertThat(verify("json_path", Map.of("$.items", 4), response().json(ORDER))).contains("$.items is 3, expected 4");
    }

    @Test
    void aNumberInTheResponseMatchesTheSameNumberWrittenAsText() {
        assertThat(verify("json_path", Map.of("$.items", "3"), response().json(ORDER))).isEmpty();
        assertThat(verify("json_path", Map.of("$.order_id", 12345), response().json(ORDER))).isEmpty();
    }

    @Test
    void aTextNeverEqualsADifferentText() {
        assertThat(verify("json_path", Map.of("$.status", "delivered"), response().json(ORDER)))
                .contains("$.status is shipped, expected delivered");
        assertThat(verify("json_path", Map.of("$.status", 3), response().json(ORDER))).isPresent();
    }

    @Test
    void nullExpectedHoldsForANullOrAbsentValueOnly() {
        String reply = "{\"error\":null,\"status\":\"ok\"}";
        assertThat(verify("json_path", ordered("$.error", null), response().json(reply))).isEmpty();
        assertThat(verify("json_path", ordered("$.missing", null), response().json(reply))).isEmpty();
        assertThat(verify("json_path", ordered("$.status", null), response().json(reply))).contains("$.status is ok, expected null");
    }

    @Test
    void theFirstFailingPathIsReported() {
        assertThat(verify("json_path", ordered("$.status", "shipped", "$.items", 2, "$.paid", false), response().json(ORDER)))
                .contains("$.items is 3, expected 2");
    }

    @Test
    void aMissingPathFailsSayingItWasNotFound() {
        assertThat(verify("json_path", Map.of("$.refund.amount", 10), response().json(ORDER)))
                .contains("$.refund.amount not found in response");
        assertThat(verify("json_path", Map.of("$.lines[5].sku", "A"), response().json(ORDER)))
                .contains("$.lines[5].sku not found in response");
    }

    @Test
    void aBodyThatIsNotJsonFailsSaying() {
        assertThat(verify("json_path", Map.of("$.status", "shipped"), response().body("<html>oops</html>")))
                .contains("response is not JSON, so $.status cannot be read");
    }

    @Test
    void aMalformedPathOrAnEmptyMappingIsRefused() {
        assertThatThrownBy(() -> check("json_path", Map.of("status", "shipped"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must start with $");
        assertThatThrownBy(() -> check("json_path", Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> check("json_path", "$.status")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected a mapping");
    }

    private static Map<String, Object> ordered(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
