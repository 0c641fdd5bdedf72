package io.pilotlight.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.schedule.ByteCounts;
import io.pilotlight.schedule.JobOutcome;
import io.pilotlight.schedule.SchedulerEvent;
import io.pilotlight.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The engine's de-duplication on a fake clock, with a channel that records what it is given. */
class AlertEngineTest {
    private static final Instant START = Instant.parse("2026-03-02T06:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final List<AlertMessage> sent = new CopyOnWriteArrayList<>();
    private final AlertChannel recorder = new AlertChannel() {
        @Override
        public String name() {
            return "recorder";
        }

        @Override
        public void send(AlertMessage message) {
            sent.add(message);
        }
    };

    private AlertEngine engine(Optional<Duration> reminder) {
        AlertEngine engine = new AlertEngine(clock, "dr-host", new Delivery(name -> Runnable::run, duration -> { },
                clock, AlertListener.NONE), AlertListener.NONE);
        engine.configure(plan(reminder), Map.of("vm1", "replicate"));
        return engine;
    }

    private AlertPlan plan(Optional<Duration> reminder) {
        return new AlertPlan(new AlertRules(EnumSet.allOf(Rule.class), 2, MinimumFree.DEFAULT, Optional.empty(),
                Map.of()), List.of(recorder), reminder, RateLimit.DEFAULT, RetryPolicy.DEFAULT, Duration.ofMinutes(1));
    }

    private void fail(AlertEngine engine) {
        engine.on(new SchedulerEvent.Failed("vm1", "source gone", 1, Optional.empty(), clock.instant(), clock.instant()));
    }

    private List<String> states() {
        return sent.stream().map(message -> message.state().label() + " " + message.rule() + " at "
                + message.at().toString().substring(11, 16)).toList();
    }

    @Test
    void tenFailuresAreOneAlertRemindedOnTicksAndResolvedOnce() {
        AlertEngine engine = engine(Optional.of(Duration.ofMinutes(30)));
        for (int i = 0; i < 10; i++) {
            fail(engine);
            engine.tick(Map::of);
            clock.advance(Duration.ofMinutes(10));
        }
        engine.on(new SchedulerEvent.Succeeded("vm1", JobOutcome.success(Duration.ofSeconds(1), ByteCounts.NONE),
                clock.instant()));

        assertThat(states()).containsExactly("firing consecutive-failures at 06:10",
                "reminder consecutive-failures at 06:40", "reminder consecutive-failures at 07:10",
                "resolved consecutive-failures at 07:40");
        assertThat(sent.get(3).since()).isEqualTo(START);
        assertThat(sent.get(3).text()).contains("From 2026-03-02T06:00:00Z until 2026-03-02T07:40:00Z (1h 40m)");
    }

    @Test
    void withoutRemindersOnlyTheStartAndTheEnd() {
        AlertEngine engine = engine(Optional.empty());
        for (int i = 0; i < 10; i++) {
            fail(engine);
            engine.tick(Map::of);
            clock.advance(Duration.ofHours(1));
        }
        assertThat(states()).containsExactly("firing consecutive-failures at 07:00");
    }

    @Test
    void aReloadKeepsWhatIsFiringAndSendsNothingNew() {
        AlertEngine engine = engine(Optional.empty());
        engine.diskPoint("vm1", START.minus(Duration.ofHours(5)), Optional.of(Duration.ofHours(1)));
        engine.tick(Map::of);
        assertThat(states()).containsExactly("firing rpo-exceeded at 06:00", "firing rpo-severely-exceeded at 06:00",
                "firing rpo-critically-exceeded at 06:00");

        engine.configure(plan(Optional.empty()), Map.of("vm1", "replicate"));
        engine.tick(Map::of);
        assertThat(sent).hasSize(3);
        assertThat(engine.firing()).containsOnlyKeys("rpo-critically-exceeded/vm1", "rpo-exceeded/vm1",
                "rpo-severely-exceeded/vm1");
        assertThat(engine.firing().get("rpo-severely-exceeded/vm1").since()).isEqualTo(Instant.parse(
                "2026-03-02T03:00:00Z"));
    }
}
