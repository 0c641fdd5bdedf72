package io.pilotlight.store;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Objects in a sorted concurrent map, for tests and dry runs. Arrays are copied in and out, so
 * callers can never change a stored object. {@link #putIfAbsent} is atomic.
 */
public final class InMemoryObjectStore implements ObjectStore {
    private final ConcurrentSkipListMap<String, byte[]> objects = new ConcurrentSkipListMap<>();

    @Override
    public void put(String key, byte[] data) {
        ObjectKeys.check(key);
        requireNonNull(data, "data is null");
        objects.put(key, data.clone());
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) {
        ObjectKeys.check(key);
        requireNonNull(data, "data is null");
        return objects.putIfAbsent(key, data.clone()) == null;
    }

    @Override
    public byte[] get(String key) throws IOException {
        return stored(key).clone();
    }

    @Override
    public byte[] get(String key, long offset, int length) throws IOException {
        ObjectRange range = new ObjectRange(ObjectKeys.check(key), offset, length);
        byte[] data = stored(key);
        range.checkWithin(data.length);
        return Arrays.copyOfRange(data, (int) offset, (int) range.end());
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        byte[] data = objects.get(ObjectKeys.check(key));
        return data == null ? Optional.empty() : Optional.of(new ObjectInfo(key, data.length));
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        ObjectKeys.checkPrefix(prefix);
        List<ObjectInfo> result = new ArrayList<>();
        for (Map.Entry<String, byte[]> entry : objects.tailMap(prefix).entrySet()) {
            if (!entry.getKey().startsWith(prefix)) {
                break;
            }
            result.add(new ObjectInfo(entry.getKey(), entry.getValue().length));
        }
        return List.copyOf(result);
    }

    @Override
    public List<ObjectInfo> list(String prefix, String startAfter) {
        java.util.Objects.requireNonNull(startAfter, "startAfter is null");
        return list(prefix).stream().filter(info -> info.key().compareTo(startAfter) > 0).toList();
    }

    @Override
    public void delete(String key) {
        objects.remove(ObjectKeys.check(key));
    }

    @Override
    public boolean strongPutIfAbsent() {
        return true;
    }

    @Override
    public String location() {
        return "memory";
    }

    private byte[] stored(String key) throws NoSuchObjectException {
        byte[] data = objects.get(ObjectKeys.check(key));
        if (data == null) {
            throw new NoSuchObjectException(location(), key);
        }
        return data;
    }
}
