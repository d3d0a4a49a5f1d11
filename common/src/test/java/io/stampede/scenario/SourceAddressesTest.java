package io.stampede.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** target.source_addresses: lists and ranges of local addresses, and what is wrong with one, with line:column. */
class SourceAddressesTest {

    private static Target target(String addresses) throws InvalidScenarioException {
        return ScenarioLoader.load(new ScenarioSource(text(addresses), "t.yaml", null, Map.of(), null)).target();
    }

    private static String text(String addresses) {
        return "scenario: t\ntarget:\n  base_url: http://127.0.0.1:8080\n  source_addresses: " + addresses
                + "\nsteps:\n  - send: hi\n";
    }

    private static List<String> errors(String addresses) {
        return ScenarioLoader.validate(new ScenarioSource(text(addresses), "t.yaml", null, Map.of(), null)).stream()
                .map(ScenarioError::toString).toList();
    }

    @Test
    void aListOfAddressesAndRangesIsExpandedInOrderWithoutRepeats() throws Exception {
        assertThat(target("[127.0.0.9, 127.0.0.2..127.0.0.4, 127.0.0.3]").sourceAddresses())
                .containsExactly("127.0.0.9", "127.0.0.2", "127.0.0.3", "127.0.0.4");
        assertThat(target("127.0.0.250..127.0.1.1").sourceAddresses())
                .containsExactly("127.0.0.250", "127.0.0.251", "127.0.0.252", "127.0.0.253", "127.0.0.254", "127.0.0.255",
                        "127.0.1.0", "127.0.1.1");
        assertThat(target("\"::1\"").sourceAddresses()).hasSize(1);
    }

    @Test
    void withoutSourceAddressesTheSystemChooses() throws Exception {
        assertThat(ScenarioLoader.load(new ScenarioSource("scenario: t\ntarget: { base_url: http://h }\nsteps:\n  - send: hi\n",
                "t.yaml", null, Map.of(), null)).target().sourceAddresses()).isEmpty();
    }

    @Test
    void namesBadAddressesAndRangesWhereTheyAreWritten() {
        assertThat(errors("[127.0.0.2, example.com, 127.0.0.300]")).containsExactly(
                "4:33 target.source_addresses[1]: 'example.com' is not an IP address: write e.g. 127.0.0.2 or a range"
                        + " 127.0.0.2..127.0.0.9",
                "4:46 target.source_addresses[2]: '127.0.0.300' is not an IP address: write e.g. 127.0.0.2 or a range"
                        + " 127.0.0.2..127.0.0.9");
        assertThat(errors("127.0.0.9..127.0.0.2")).containsExactly(
                "4:21 target.source_addresses: '127.0.0.9..127.0.0.2' ends before it starts: write the lower address first");
        assertThat(errors("10.0.0.0..10.1.0.0")).containsExactly(
                "4:21 target.source_addresses: '10.0.0.0..10.1.0.0' makes more than 4096 source addresses");
        assertThat(errors("[]")).containsExactly(
                "4:21 target.source_addresses: is empty: list local addresses, e.g. [127.0.0.2, 127.0.0.3] or 127.0.0.2..127.0.0.9");
    }
}
