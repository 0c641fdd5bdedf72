package io.pilotlight.schedule;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every event to several listeners in their order (the daemon's history, metrics and
 * freshness reader). One that throws is logged and the others still get the event.
 */
public final class CompositeSchedulerListener implements SchedulerListener {
    private static final Logger LOG = LoggerFactory.getLogger(CompositeSchedulerListener.class);

    private final List<SchedulerListener> listeners;

    public CompositeSchedulerListener(List<SchedulerListener> listeners) {
        this.listeners = List.copyOf(requireNonNull(listeners, "listeners is null"));
    }

    @Override
    public void on(SchedulerEvent event) {
        for (SchedulerListener listener : listeners) {
            try {
                listener.on(event);
            } catch (RuntimeException e) {
                LOG.warn("scheduler listener {} failed on {}; the others still get it", listener, event, e);
            }
        }
    }
}
