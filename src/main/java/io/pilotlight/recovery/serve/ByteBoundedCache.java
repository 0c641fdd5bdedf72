package io.pilotlight.recovery.serve;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/** A thread-safe LRU map that evicts least recently used entries while their weight exceeds a budget. */
final class ByteBoundedCache<K, V> {
    private final long budget;
    private final ToLongFunction<V> weigher;
    private final LinkedHashMap<K, V> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long weight;

    ByteBoundedCache(long budget, ToLongFunction<V> weigher) {
        if (budget < 0) {
            throw new IllegalArgumentException("cache budget " + budget + " must be ≥ 0");
        }
        this.budget = budget;
        this.weigher = weigher;
    }

    synchronized V get(K key) {
        return entries.get(key);
    }

    /** Keeps {@code value} unless it alone exceeds the budget; evicts the oldest entries to fit. */
    synchronized void put(K key, V value) {
        long added = weigher.applyAsLong(value);
        if (added > budget) {
            return;
        }
        V previous = entries.put(key, value);
        weight += added - (previous == null ? 0 : weigher.applyAsLong(previous));
        var iterator = entries.entrySet().iterator();
        while (weight > budget && iterator.hasNext()) {
            Map.Entry<K, V> eldest = iterator.next();
            weight -= weigher.applyAsLong(eldest.getValue());
            iterator.remove();
        }
    }

    synchronized long weight() {
        return weight;
    }
}
