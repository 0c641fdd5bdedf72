package io.pilotlight.recovery.follow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.recovery.image.TargetExistsException;
import io.pilotlight.recovery.image.TargetInUseException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The watch loop and its failure policy, on a fake clock that moves only when the watcher waits. */
class FollowWatcherTest {
    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final Instant START = Instant.parse("2026-12-03T10:00:00Z");

    private final FakeTime time = new FakeTime();
    private final Script script = new Script();
    private final List<WatchEvent<String>> events = new ArrayList<>();
    private final FollowWatcher<String> watcher = new FollowWatcher<>(script, INTERVAL, time, time::sleep);

    @Test
    void followsTheNewestPointOnlyWhenItChangesAndWaitsTheIntervalBetweenPolls() throws Exception {
        script.latest("p1", "p1", "p2", "p2");
        watcher.watch(events::add, () -> events.size() >= 4);

        assertThat(script.follows).containsExactly("p1 first", "p2");
        assertThat(events).containsExactly(
                new WatchEvent.Applied<>(START, 1, "p1", "p1"),
                new WatchEvent.NothingNew<>(START.plus(INTERVAL), 2, "p1"),
                new WatchEvent.Applied<>(START.plus(INTERVAL.multipliedBy(2)), 3, "p2", "p2"),
                new WatchEvent.NothingNew<>(START.plus(INTERVAL.multipliedBy(3)), 4, "p2"),
                new WatchEvent.Stopped<>(START.plus(INTERVAL.multipliedBy(3)), 4, WatchEvent.Reason.STOP_REQUESTED));
        assertThat(time.sleeps).as("no wait after the last poll").hasSize(3).containsOnly(INTERVAL);
    }

    @Test
    void aFailedRoundIsReportedAndRetriedAtTheNextPollStillAsTheFirst() throws Exception {
        IOException unreachable = new IOException("repository unreachable");
        script.latest("p1", "p1", "p1");
        script.failNext(unreachable);
        watcher.watch(events::add, () -> events.size() >= 3);

        assertThat(events.get(0)).isEqualTo(new WatchEvent.Failed<>(START, 1, unreachable, true, INTERVAL));
        assertThat(events.get(1)).isEqualTo(new WatchEvent.Applied<>(START.plus(INTERVAL), 2, "p1", "p1"));
        assertThat(events.get(2)).isInstanceOf(WatchEvent.NothingNew.class);
        assertThat(script.follows).as("a take-over is still allowed after a failed first round")
                .containsExactly("p1 first", "p1 first");
    }

    @Test
    void aFailedLatestIsRetriedToo() throws Exception {
        script.latest("p1");
        script.failLatest = true;
        watcher.watch(events::add, () -> events.size() >= 2);
        assertThat(events).hasSize(3).allSatisfy(event -> assertThat(event).isNotInstanceOf(WatchEvent.Applied.class));
        assertThat(((WatchEvent.Failed<String>) events.get(1)).retrying()).isTrue();
    }

    @Test
    void anImageItMayNotWriteEndsTheWatch() {
        for (IOException refusal : List.of(new TargetInUseException("pilot.img: another follower holds it"),
                new TargetExistsException("pilot.img exists but has no follow state"))) {
            events.clear();
            script.latest("p1");
            script.failNext(refusal);
            assertThatThrownBy(() -> watcher.watch(events::add, () -> false)).isSameAs(refusal);
            assertThat(events).containsExactly(new WatchEvent.Failed<>(START, 1, refusal, false, INTERVAL),
                    new WatchEvent.Stopped<>(START, 1, WatchEvent.Reason.FAILED));
        }
        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void anInterruptDuringTheWaitEndsTheWatch() {
        script.latest("p1", "p1");
        time.interruptOnSleep = 2;
        assertThatThrownBy(() -> watcher.watch(events::add, () -> false)).isInstanceOf(InterruptedException.class);
        assertThat(events).hasSize(3).last()
                .isEqualTo(new WatchEvent.Stopped<>(START.plus(INTERVAL), 2, WatchEvent.Reason.INTERRUPTED));
        assertThat(Thread.interrupted()).as("cleared, as by Thread.sleep").isFalse();
    }

    @Test
    void aRoundThatFailsBecauseTheThreadWasInterruptedIsNotRetried() {
        IOException cut = new java.nio.channels.ClosedByInterruptException();
        script.latest("p1");
        script.failNext(cut);
        script.interruptWhenFailing = true;
        assertThatThrownBy(() -> watcher.watch(events::add, () -> false)).isInstanceOf(InterruptedException.class)
                .hasCause(cut);
        assertThat(events).containsExactly(new WatchEvent.Failed<>(START, 1, cut, false, INTERVAL),
                new WatchEvent.Stopped<>(START, 1, WatchEvent.Reason.INTERRUPTED));
        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void aStopRequestedBeforeTheFirstPollFollowsNothing() throws Exception {
        watcher.watch(events::add, () -> true);
        assertThat(events).containsExactly(new WatchEvent.Stopped<>(START, 0, WatchEvent.Reason.STOP_REQUESTED));
        assertThat(script.follows).isEmpty();
    }

    @Test
    void theIntervalMustBePositive() {
        assertThatThrownBy(() -> new FollowWatcher<>(script, Duration.ZERO, time, time::sleep))
                .hasMessageContaining("watch interval PT0S: must be more than zero");
    }

    /** A followed disk whose newest points and failures are scripted. */
    private static final class Script implements Followed<String> {
        final Deque<String> latest = new ArrayDeque<>();
        final List<String> follows = new ArrayList<>();
        final Deque<IOException> failures = new ArrayDeque<>();
        boolean failLatest;
        boolean interruptWhenFailing;

        void latest(String... points) {
            latest.clear();
            latest.addAll(List.of(points));
        }

        void failNext(IOException failure) {
            failures.add(failure);
        }

        @Override
        public Optional<String> latest() throws IOException {
            if (failLatest) {
                throw new IOException("listing points/vm-1: connection refused");
            }
            return Optional.of(latest.size() > 1 ? latest.poll() : latest.peek());
        }

        @Override
        public String follow(Optional<String> point, boolean first) throws IOException {
            follows.add(point.orElseThrow() + (first ? " first" : ""));
            if (!failures.isEmpty()) {
                if (interruptWhenFailing) {
                    Thread.currentThread().interrupt();
                }
                throw failures.poll();
            }
            return point.get();
        }

        @Override
        public String held(String result) {
            return result;
        }
    }

    /** A clock that moves only when slept on; can interrupt the thread at its n-th sleep. */
    private static final class FakeTime extends Clock {
        final List<Duration> sleeps = new ArrayList<>();
        Instant now = START;
        int interruptOnSleep;

        void sleep(Duration duration) throws InterruptedException {
            if (sleeps.size() + 1 == interruptOnSleep) {
                throw new InterruptedException("fake sleep interrupted");
            }
            sleeps.add(duration);
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
