package io.stampede.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.SplittableRandom;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class HistogramCodecTest {

    @Test
    void anEncodedHistogramDecodesToAnEqualOne() {
        Histogram original = Latencies.newHistogram();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            Latencies.record(original, 1 + random.nextLong(5_000_000));
        }
        Latencies.record(original, Latencies.HIGHEST_MICROS);

        Histogram decoded = HistogramCodec.decode(HistogramCodec.encode(original));

        assertThat(decoded).isEqualTo(original);
        assertThat(decoded.getTotalCount()).isEqualTo(10_001);
        assertThat(decoded.getMaxValue()).isEqualTo(original.getMaxValue());
        assertThat(decoded.getValueAtPercentile(99.9)).isEqualTo(original.getValueAtPercentile(99.9));
    }

    @Test
    void anEmptyHistogramSurvivesTheRoundTrip() {
        Histogram decoded = HistogramCodec.decode(HistogramCodec.encode(Latencies.newHistogram()));

        assertThat(decoded.getTotalCount()).isZero();
        assertThat(decoded).isEqualTo(Latencies.newHistogram());
    }

    @Test
    void aDecodedHistogramHasTheProjectShapeSoItCanBeAddedToAnyOther() {
        Histogram narrow = new Histogram(1, 10_000, 2);
        narrow.recordValue(1234);
        Histogram decoded = HistogramCodec.decode(HistogramCodec.encode(narrow));

        Histogram sum = Latencies.newHistogram();
        Latencies.record(sum, Latencies.HIGHEST_MICROS);
        sum.add(decoded);

        assertThat(decoded.getHighestTrackableValue()).isGreaterThanOrEqualTo(Latencies.HIGHEST_MICROS);
        assertThat(decoded.getNumberOfSignificantValueDigits()).isEqualTo(Latencies.SIGNIFICANT_DIGITS);
        assertThat(sum.getTotalCount()).isEqualTo(2);
    }

    @Test
    void textThatIsNotAnEncodedHistogramIsRefusedWithIllegalArgument() {
        String notBase64 = "%%% not base64 %%%";
        String base64Garbage = Base64.getEncoder().encodeToString("hello, histogram".getBytes());

        assertThatThrownBy(() -> HistogramCodec.decode(notBase64))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not an encoded histogram");
        assertThatThrownBy(() -> HistogramCodec.decode(base64Garbage))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not an encoded histogram");
        assertThatThrownBy(() -> HistogramCodec.decode(""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
