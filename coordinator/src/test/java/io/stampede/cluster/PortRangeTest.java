package io.stampede.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** A run that would crowd its machine's local ports says so, with the addresses to add. */
class PortRangeTest {

    @Test
    void twoHundredThousandUsersOnEightAddressesOfOneMachineAreCrowdedAndThirtyTwoAreNot() {
        List<String> eight = List.of("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6", "127.0.0.7", "127.0.0.8",
                "127.0.0.9");

        assertThat(PortRange.crowded(Map.of("bench", 200_000), eight)).hasValueSatisfying(note -> assertThat(note)
                .contains("200,000 users on bench", "8 source addresses", "about 25,000 connections each", "89%",
                        "list about 29 addresses", "127.0.0.2..127.0.0.30"));
        List<String> thirtyTwo = java.util.stream.IntStream.rangeClosed(2, 33).mapToObj(i -> "127.0.0." + i).toList();
        assertThat(PortRange.crowded(Map.of("bench", 200_000), thirtyTwo)).isEmpty();
    }

    @Test
    void eachMachineHasItsOwnPortsAndNoAddressMeansOne() {
        assertThat(PortRange.crowded(Map.of("a", 13_000, "b", 13_000), List.of())).isEmpty();
        assertThat(PortRange.crowded(Map.of("a", 15_000), List.of())).hasValueSatisfying(note -> assertThat(note)
                .contains("15,000 users on a leave from 1 source address:", "53%"));
    }
}
