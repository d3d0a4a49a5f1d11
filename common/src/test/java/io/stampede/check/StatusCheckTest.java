package io.stampede.check;

import static io.stampede.check.CheckKinds.check;
import static io.stampede.check.CheckKinds.verify;
import static io.stampede.check.Seen.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class StatusCheckTest {

    @Test
    void anExactStatusHoldsOnlyForThatStatus() {
        assertThat(verify("status", 200, response().status(200))).isEmpty();
        assertThat(verify("status", 404, response().status(404))).isEmpty();
        assertThat(verify("status", 200, response().status(201))).contains("status 201, expected 200");
    }

    @Test
    void aListAcceptsAnyOfItsStatuses() {
        assertThat(verify("status", List.of(200, 201), response().status(201))).isEmpty();
        assertThat(verify("status", List.of(200, 201), response().status(204))).contains("status 204, expected 200 or 201");
    }

    @Test
    void aClassLike2xxAcceptsTheWholeClass() {
        assertThat(verify("status", "2xx", response().status(200))).isEmpty();
        assertThat(verify("status", "2xx", response().status(299))).isEmpty();
        assertThat(verify("status", "2xx", response().status(302))).contains("status 302, expected 2xx");
        assertThat(verify("status", List.of("2xx", 404), response().status(404))).isEmpty();
    }

    @Test
    void noResponseAtAllDoesNotPassAClassCheck() {
        assertThat(verify("status", "2xx", response().status(0))).contains("status 0, expected 2xx");
    }

    @Test
    void somethingThatIsNotAStatusIsRefusedWithAnExample() {
        assertThatThrownBy(() -> check("status", "ok")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'ok' is not an HTTP status: write e.g. 200, [200, 201] or 2xx");
        assertThatThrownBy(() -> check("status", 600)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> check("status", "20x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> check("status", List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one value");
    }
}
