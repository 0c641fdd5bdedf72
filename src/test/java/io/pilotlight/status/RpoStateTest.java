package io.pilotlight.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The thresholds of BRIEF §8: age over target up to 1, 2, 4 and beyond. */
class RpoStateTest {
    private static final Duration TARGET = Duration.ofMinutes(30);

    @Test
    void ratiosOfAgeToTargetMakeTheFourStates() {
        assertThat(RpoState.of(Duration.ofMinutes(10), TARGET)).isEqualTo(RpoState.COMPLIANT);
        assertThat(RpoState.of(TARGET, TARGET)).isEqualTo(RpoState.COMPLIANT);
        assertThat(RpoState.of(TARGET.plusSeconds(1), TARGET)).isEqualTo(RpoState.EXCEEDED);
        assertThat(RpoState.of(Duration.ofMinutes(60), TARGET)).isEqualTo(RpoState.EXCEEDED);
        assertThat(RpoState.of(Duration.ofMinutes(61), TARGET)).isEqualTo(RpoState.SEVERELY_EXCEEDED);
        assertThat(RpoState.of(Duration.ofMinutes(120), TARGET)).isEqualTo(RpoState.SEVERELY_EXCEEDED);
        assertThat(RpoState.of(Duration.ofMinutes(121), TARGET)).isEqualTo(RpoState.CRITICAL);
    }

    @Test
    void noPointAndNoTargetAreStatesOfTheirOwn() {
        assertThat(RpoState.of(Optional.empty(), Optional.of(TARGET))).isEqualTo(RpoState.NO_POINT);
        assertThat(RpoState.of(Optional.of(Duration.ofDays(9)), Optional.empty())).isEqualTo(RpoState.NO_TARGET);
        assertThat(RpoState.NO_POINT.cssClass()).isEqualTo(RpoState.CRITICAL.cssClass());
    }

    @Test
    void eachStateHasWordsBesideItsColour() {
        assertThat(RpoState.values()).extracting(RpoState::label).containsExactly("compliant", "exceeded",
                "severely exceeded", "critical", "no restore point", "no RPO target");
        assertThatThrownBy(() -> RpoState.of(Duration.ZERO, Duration.ZERO)).hasMessage("RPO target PT0S must be positive");
    }
}
