package io.pilotlight.rpo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** BRIEF §8's levels, the one grading of status, report and alert, and the one chart drawn over them. */
class RpoLevelTest {
    private static final Duration TARGET = Duration.ofMinutes(30);

    @Test
    void eachLevelBeginsJustBeyondItsMultipleOfTheTarget() {
        assertThat(RpoLevel.of(Duration.ZERO, TARGET)).isEqualTo(RpoLevel.COMPLIANT);
        assertThat(RpoLevel.of(TARGET, TARGET)).isEqualTo(RpoLevel.COMPLIANT);
        assertThat(RpoLevel.of(TARGET.plusMillis(1), TARGET)).isEqualTo(RpoLevel.EXCEEDED);
        assertThat(RpoLevel.of(TARGET.multipliedBy(2), TARGET)).isEqualTo(RpoLevel.EXCEEDED);
        assertThat(RpoLevel.of(TARGET.multipliedBy(2).plusMillis(1), TARGET)).isEqualTo(RpoLevel.SEVERELY_EXCEEDED);
        assertThat(RpoLevel.of(TARGET.multipliedBy(4), TARGET)).isEqualTo(RpoLevel.SEVERELY_EXCEEDED);
        assertThat(RpoLevel.of(TARGET.multipliedBy(4).plusMillis(1), TARGET)).isEqualTo(RpoLevel.CRITICALLY_EXCEEDED);
        assertThat(RpoLevel.values()).extracting(level -> level.threshold(TARGET).toMinutes())
                .containsExactly(0L, 30L, 60L, 120L);
        assertThatThrownBy(() -> RpoLevel.of(Duration.ZERO, Duration.ofMinutes(-1)))
                .hasMessage("RPO target PT-1M must be positive");
    }

    @Test
    void theChartShadesEveryBandBelowItsTopAndMarksTimeWithoutAPoint() {
        Instant from = Instant.parse("2026-06-01T00:00:00Z");
        List<RpoSvg.Sample> samples = List.of(new RpoSvg.Sample(from.plus(Duration.ofMinutes(30)), Duration.ZERO),
                new RpoSvg.Sample(from.plus(Duration.ofHours(5)), Duration.ofHours(4).plusMinutes(30)));
        String svg = new RpoSvg(from, from.plus(Duration.ofHours(5)), Optional.of(TARGET), samples, List.of(),
                Optional.of(from)).svg("c", "line", "t & <u>");

        assertThat(svg).contains("class=\"band-compliant\"", "class=\"band-exceeded\"", "class=\"band-severely\"",
                "class=\"band-critically\"", "class=\"no-point\"", "<polyline class=\"line\"",
                "<title>t &amp; &lt;u&gt;</title>", ">2h</text>", ">04:00</text>");
        assertThat(ShortDuration.format(Duration.ofSeconds(90_061))).isEqualTo("1d 1h");
    }
}
