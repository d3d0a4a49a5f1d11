package io.stampede.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.stampede.results.Summary;

/** The summary's tokens line says when Stampede counted the tokens itself, and with what. */
class SummaryTableTokensTest {

    @Test
    void countedTokensNameTheirCounterAndReportedOnesSayNothingMore() {
        assertThat(SummaryTable.countedWith(new Summary.Tokens(1, 2, 3, 3, 1, Map.of("input", "o200k_base",
                "output", "o200k_base")))).isEqualTo(" (counted: o200k_base)");
        assertThat(SummaryTable.countedWith(new Summary.Tokens(1, 2, 3, 3, 1, Map.of("input", "estimate",
                "output", "estimate")))).isEqualTo(" (counted: estimate)");
        assertThat(SummaryTable.countedWith(new Summary.Tokens(1, 2, 3, 3, 1, Map.of("input", "reported",
                "output", "reported")))).isEmpty();
        assertThat(SummaryTable.countedWith(new Summary.Tokens(0, 0, 0, 0, 0))).as("no tokens at all").isEmpty();
    }
}
