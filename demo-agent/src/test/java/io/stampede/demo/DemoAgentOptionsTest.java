package io.stampede.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

import org.junit.jupiter.api.Test;

/** DemoAgent.start copies its options: a field the copy forgets is an option that silently does nothing. */
class DemoAgentOptionsTest {
    @Test
    void aCopyKeepsEveryOption() throws Exception {
        DemoAgentOptions set = new DemoAgentOptions().setHost("0.0.0.0").setPort(1234).setLatencyScale(0.3).setErrorRate(0.2)
                .setSeed(99).setMaxConversations(7).setMsPerToken(3).setDegradeAbove(5)
                .setOtlpEndpoint("http://127.0.0.1:4318");
        DemoAgentOptions defaults = new DemoAgentOptions();
        DemoAgentOptions copy = new DemoAgentOptions(set);

        for (Field f : DemoAgentOptions.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            f.setAccessible(true);
            assertThat(f.get(set)).as("%s is set apart from its default by this test", f.getName()).isNotEqualTo(f.get(defaults));
            assertThat(f.get(copy)).as("%s is copied", f.getName()).isEqualTo(f.get(set));
        }
    }
}
