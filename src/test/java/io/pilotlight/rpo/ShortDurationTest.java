package io.pilotlight.rpo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ShortDurationTest {
    @Test
    void twoLargestUnitsFromTheFirstThatIsNotZero() {
        assertThat(ShortDuration.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(ShortDuration.format(Duration.ofMillis(999))).isEqualTo("0s");
        assertThat(ShortDuration.format(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(ShortDuration.format(Duration.ofSeconds(60))).isEqualTo("1m");
        assertThat(ShortDuration.format(Duration.ofSeconds(12 * 60 + 5))).isEqualTo("12m 5s");
        assertThat(ShortDuration.format(Duration.ofMinutes(6 * 60 + 28).plusSeconds(59))).isEqualTo("6h 28m");
        assertThat(ShortDuration.format(Duration.ofHours(1).plusSeconds(30))).isEqualTo("1h");
        assertThat(ShortDuration.format(Duration.ofDays(2).plusHours(4).plusMinutes(59))).isEqualTo("2d 4h");
        assertThat(ShortDuration.format(Duration.ofSeconds(90_061))).isEqualTo("1d 1h");
        assertThat(ShortDuration.format(Duration.ofDays(3).plusMinutes(5))).isEqualTo("3d");
        assertThat(ShortDuration.format(Duration.ofDays(400))).isEqualTo("400d");
    }

    @Test
    void aNegativeDurationReadsZero() {
        assertThat(ShortDuration.format(Duration.ofSeconds(-5))).isEqualTo("0s");
    }

    @Test
    void theRecordIsItsText() {
        assertThat(new ShortDuration(Duration.ofMinutes(90))).hasToString("1h 30m");
        assertThatThrownBy(() -> new ShortDuration(null)).hasMessage("duration is null");
    }
}
