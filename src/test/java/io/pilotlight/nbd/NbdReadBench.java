package io.pilotlight.nbd;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads a whole NBD export through {@link NbdClient} and prints one line: {@code bytes seconds MiB/s}.
 * Used by bench/nbd.sh. {@code java -cp … io.pilotlight.nbd.NbdReadBench URI [THREADS] [REQUEST_BYTES]}:
 * THREADS callers (default 4) share one connection, each reading REQUEST_BYTES at a time (default the
 * server's maximum request) into its own direct buffer.
 */
public final class NbdReadBench {
    private NbdReadBench() {
    }

    public static void main(String[] args) throws Exception {
        NbdAddress address = NbdAddress.parse(args[0]);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        long started = System.nanoTime();
        long size;
        try (NbdClient client = NbdClient.connect(address, List.of())) {
            size = client.size();
            int request = args.length > 2 ? Integer.parseInt(args[2]) : client.maxRequest();
            AtomicLong next = new AtomicLong();
            List<Thread> readers = new ArrayList<>();
            List<Exception> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < threads; i++) {
                Thread reader = new Thread(() -> {
                    ByteBuffer buffer = ByteBuffer.allocateDirect(request);
                    try {
                        for (long offset = next.getAndAdd(request); offset < size; offset = next.getAndAdd(request)) {
                            client.read(offset, buffer.clear().limit((int) Math.min(request, size - offset)));
                        }
                    } catch (Exception e) {
                        failures.add(e);
                    }
                });
                reader.start();
                readers.add(reader);
            }
            for (Thread reader : readers) {
                reader.join();
            }
            if (!failures.isEmpty()) {
                throw failures.get(0);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%d %.3f %.0f%n", size, seconds, size / seconds / (1 << 20));
    }
}
