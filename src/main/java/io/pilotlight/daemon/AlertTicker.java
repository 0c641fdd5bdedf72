package io.pilotlight.daemon;

import static java.util.Objects.requireNonNull;

import io.pilotlight.alert.AlertEngine;
import io.pilotlight.alert.SiteProbe;
import io.pilotlight.schedule.Timer;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls {@link AlertEngine#tick} every check interval on the daemon's timer (so on the fake time of
 * tests), each tick on a thread of its own: a slow store probe holds up no scheduler alarm.
 */
final class AlertTicker {
    private static final Logger LOG = LoggerFactory.getLogger(AlertTicker.class);

    private final AlertEngine engine;
    private final SiteProbe probe;
    private final Timer timer;
    private final Clock clock;
    private final Duration every;
    private Timer.Alarm alarm;
    private boolean stopped;

    AlertTicker(AlertEngine engine, SiteProbe probe, Timer timer, Clock clock, Duration every) {
        this.engine = requireNonNull(engine, "engine is null");
        this.probe = requireNonNull(probe, "probe is null");
        this.timer = requireNonNull(timer, "timer is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.every = requireNonNull(every, "every is null");
    }

    synchronized void start() {
        alarm = timer.schedule(clock.instant(), this::fire);
    }

    private synchronized void fire() {
        if (stopped) {
            return;
        }
        timer.execute(() -> {
            try {
                engine.tick(probe);
            } catch (RuntimeException e) {
                LOG.warn("alert check failed: {}", e.getMessage(), e);
            }
        });
        alarm = timer.schedule(clock.instant().plus(every), this::fire);
    }

    synchronized void stop() {
        stopped = true;
        if (alarm != null) {
            alarm.cancel();
        }
    }
}
