package io.pilotlight.alert;

import static java.util.Objects.requireNonNull;

import io.pilotlight.rpo.ShortDuration;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a message to each channel on that channel's executor (so a slow or failing channel holds up
 * no other), retrying a failed send with backoff ({@link RetryPolicy}); every failed attempt is told
 * to the listener and kept in the channel's {@link ChannelStatus}.
 */
public final class Delivery {
    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

    private final Function<String, Executor> executors;
    private final Map<String, Executor> perChannel = new ConcurrentHashMap<>();
    private final Map<String, ChannelStatus> status = new ConcurrentHashMap<>();
    private final Sleeper sleeper;
    private final Clock clock;
    private final AlertListener listener;

    /** {@code executors} gives each channel name its executor, asked once per name. */
    public Delivery(Function<String, Executor> executors, Sleeper sleeper, Clock clock, AlertListener listener) {
        this.executors = requireNonNull(executors, "executors is null");
        this.sleeper = requireNonNull(sleeper, "sleeper is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.listener = requireNonNull(listener, "listener is null");
    }

    /** Sends {@code message} to every channel, each on its own executor. */
    public void deliver(AlertMessage message, List<AlertChannel> channels, RetryPolicy retry) {
        for (AlertChannel channel : channels) {
            status.putIfAbsent(channel.name(), ChannelStatus.fresh(channel.name()));
            perChannel.computeIfAbsent(channel.name(), executors).execute(() -> attempt(message, channel, retry));
        }
    }

    /** Each channel's record so far, by name. */
    public Map<String, ChannelStatus> status() {
        return new TreeMap<>(status);
    }

    private void attempt(AlertMessage message, AlertChannel channel, RetryPolicy retry) {
        for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
            try {
                channel.send(message);
                status.computeIfPresent(channel.name(), (name, old) -> old.success(clock.instant()));
                listener.delivered(channel.name(), message);
                return;
            } catch (IOException | RuntimeException e) {
                boolean retrying = attempt < retry.attempts();
                String reason = e.getMessage() == null ? e.toString() : e.getMessage();
                status.computeIfPresent(channel.name(), (name, old) -> old.failure(clock.instant(), reason));
                listener.attemptFailed(channel.name(), message, attempt, retrying, reason);
                LOG.warn("alert {} {} through channel {}: attempt {} of {} failed{}: {}", message.rule(),
                        message.subject(), channel.name(), attempt, retry.attempts(), retrying ? ", retrying in "
                        + ShortDuration.format(retry.waitAfter(attempt)) : ", giving up", reason);
                if (!retrying || !pause(retry, attempt)) {
                    return;
                }
            }
        }
    }

    private boolean pause(RetryPolicy retry, int attempt) {
        try {
            sleeper.sleep(retry.waitAfter(attempt));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
