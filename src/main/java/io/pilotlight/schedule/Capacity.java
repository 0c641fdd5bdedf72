package io.pilotlight.schedule;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** How many runs are running, in all and per resource key, against the limits of the settings. Not thread-safe. */
final class Capacity {
    private final SchedulerSettings settings;
    private final Map<String, Integer> held = new HashMap<>();
    private int running;

    Capacity(SchedulerSettings settings) {
        this.settings = settings;
    }

    boolean admits(Set<String> keys) {
        return running < settings.maxRunning()
                && keys.stream().allMatch(key -> held.getOrDefault(key, 0) < settings.limitOf(key));
    }

    void acquire(Set<String> keys) {
        running++;
        keys.forEach(key -> held.merge(key, 1, Integer::sum));
    }

    void release(Set<String> keys) {
        running--;
        keys.forEach(key -> held.computeIfPresent(key, (k, count) -> count == 1 ? null : count - 1));
    }
}
