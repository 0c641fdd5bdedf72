package io.pilotlight.rpo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one RPO-over-time computation: its corners at a window's edges, its value, and time within a target. */
class RpoLineTest {
    private static final Instant FROM = Instant.parse("2026-06-01T00:00:00Z");
    private static final Instant TO = FROM.plus(Duration.ofHours(1));

    private static Instant minute(int minute) {
        return FROM.plus(Duration.ofMinutes(minute));
    }

    private static List<String> corners(RpoLine line) {
        return line.samples(FROM, TO).stream().map(sample -> Duration.between(FROM, sample.time()).toMinutes() + "m:"
                + sample.age().toMinutes()).toList();
    }

    @Test
    void aCommitAtTheWindowsStartCountsBeforeItAndOneAtItsEndAfterIt() {
        RpoLine line = new RpoLine(List.of(new RpoLine.Commit(minute(-5), minute(0)),
                new RpoLine.Commit(minute(55), minute(60))));

        assertThat(corners(line)).containsExactly("0m:5", "60m:65");
        assertThat(line.at(minute(60))).contains(Duration.ofMinutes(5));
        assertThat(line.worst(FROM, TO)).contains(Duration.ofMinutes(65));
    }

    @Test
    void aLaterCommitOfAnOlderPointChangesNothing() {
        RpoLine line = new RpoLine(List.of(new RpoLine.Commit(minute(10), minute(12)),
                new RpoLine.Commit(minute(5), minute(20))));

        assertThat(corners(line)).containsExactly("12m:2", "60m:50");
        assertThat(line.firstCommit()).contains(minute(12));
        assertThat(line.at(minute(11))).isEmpty();
    }

    @Test
    void timeExactlyTheTargetOldIsWithinAndTimeWithoutAPointIsNot() {
        RpoLine line = new RpoLine(List.of(new RpoLine.Commit(minute(10), minute(20)),
                new RpoLine.Commit(minute(40), minute(45))));

        // from 20 to 45 the point of 10 is 10..35 min old: within 30 min until 40; from 45 on, 5..20 old
        assertThat(line.withinTarget(Duration.ofMinutes(30), FROM, TO)).isEqualTo(Duration.ofMinutes(20 + 15));
        assertThat(line.withinTarget(Duration.ofMinutes(30), minute(30), minute(50)))
                .isEqualTo(Duration.ofMinutes(10 + 5));
    }

    @Test
    void aPointCannotBeCommittedBeforeItsDataWasTaken() {
        assertThatThrownBy(() -> new RpoLine.Commit(minute(5), minute(4)))
                .hasMessageContaining("a point cannot be committed before its data was taken");
    }
}
