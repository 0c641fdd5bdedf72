package io.pilotlight.schedule;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Keeps every event; reads them back as short lines such as {@code "06:02 B"}. */
final class RecordingListener implements SchedulerListener {
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private final List<SchedulerEvent> events = new ArrayList<>();
    private int running;
    private int mostRunning;

    @Override
    public synchronized void on(SchedulerEvent event) {
        events.add(event);
        if (event instanceof SchedulerEvent.Started) {
            mostRunning = Math.max(mostRunning, ++running);
        } else if (event instanceof SchedulerEvent.Succeeded || event instanceof SchedulerEvent.Failed) {
            running--;
        }
    }

    synchronized <T extends SchedulerEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Every run as {@code "HH:mm job"}, by start time, then job. */
    List<String> starts() {
        return events(SchedulerEvent.Started.class).stream()
                .sorted(Comparator.comparing(SchedulerEvent.Started::at).thenComparing(SchedulerEvent.Started::job))
                .map(started -> time(started.at()) + " " + started.job()).toList();
    }

    List<String> startsOf(String job) {
        return starts().stream().filter(line -> line.endsWith(" " + job)).toList();
    }

    synchronized int mostRunningAtOnce() {
        return mostRunning;
    }

    static String time(Instant instant) {
        return HH_MM.format(instant);
    }
}
