package io.stampede.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class CsvFeedTest {

    @Test
    void quotedFieldsHoldCommasDoubledQuotesAndLineBreaks() throws Exception {
        DataTable t = CsvFeed.read(Scenarios.file("valid/users.csv"));

        assertThat(t.columns()).containsExactly("order_id", "name", "note");
        assertThat(t.rows()).containsExactly(
                Map.of("order_id", "A-1001", "name", "Ann", "note", "likes \"fast\" refunds"),
                Map.of("order_id", "A-1002", "name", "Lee, Bo", "note", "two\nlines"));
        assertThat(t.source()).endsWith("users.csv");
    }

    @Test
    void crlfLineEndsAByteOrderMarkAndBlankLinesAreAccepted() {
        DataTable t = CsvFeed.parse("\uFEFFid,city\r\n1,Oslo\r\n\r\n2,\"\"\r\n", "t.csv");

        assertThat(t.columns()).containsExactly("id", "city");
        assertThat(t.rows()).containsExactly(Map.of("id", "1", "city", "Oslo"), Map.of("id", "2", "city", ""));
    }

    @Test
    void usersReuseRowsRoundRobin() {
        DataTable t = CsvFeed.parse("id\na\nb\n", "t.csv");

        assertThat(t.rowForUser(0)).containsEntry("id", "a");
        assertThat(t.rowForUser(3)).containsEntry("id", "b");
    }

    @Test
    void badQuotingNamesTheLine() {
        assertThatThrownBy(() -> CsvFeed.parse("id,name\n1,\"Ann\n", "t.csv"))
                .hasMessage("line 2: a quoted field is never closed: end it with \"");
        assertThatThrownBy(() -> CsvFeed.parse("id,name\n1,\"Ann\"x\n", "t.csv"))
                .hasMessageStartingWith("line 2: text after a closing quote");
        assertThatThrownBy(() -> CsvFeed.parse("id,name\n1,Ann \"A\"\n", "t.csv"))
                .hasMessageStartingWith("line 2: a quote inside an unquoted field");
    }

    @Test
    void aRowOfTheWrongWidthNamesItsLine() {
        assertThatThrownBy(() -> CsvFeed.parse("id,name\n1,Ann\n2,Lee,Bo\n", "t.csv"))
                .hasMessageStartingWith("line 3 has 3 fields but the header has 2");
    }

    @Test
    void theHeaderMustNameEveryColumnOnce() {
        assertThatThrownBy(() -> CsvFeed.parse("id,,x\n1,2,3\n", "t.csv")).hasMessageContaining("empty column name");
        assertThatThrownBy(() -> CsvFeed.parse("id,id\n1,2\n", "t.csv")).hasMessageContaining("names the column 'id' twice");
    }

    @Test
    void anEmptyFileOrAHeaderWithoutRowsIsAnError() {
        assertThatThrownBy(() -> CsvFeed.parse("", "t.csv")).hasMessageStartingWith("is empty");
        assertThatThrownBy(() -> CsvFeed.parse("id,name\n", "t.csv")).hasMessageStartingWith("has a header but no rows");
    }

    @Test
    void moreThanOneHundredThousandRowsAreRefused() {
        StringBuilder csv = new StringBuilder("id\n");
        for (int i = 0; i <= CsvFeed.MAX_ROWS; i++) {
            csv.append(i).append('\n');
        }

        assertThatThrownBy(() -> CsvFeed.parse(csv.toString(), "t.csv")).hasMessageStartingWith("has more than 100000 rows");
    }
}
