package io.pilotlight.repo;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pilotlight.store.NoSuchObjectException;
import io.pilotlight.store.ObjectStore;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-writer lease of a disk ({@code locks/<disk>}) or a group ({@code locks/_groups/<group>}):
 * created with put-if-absent, renewed while held, removed on release. A lease is stale once expired, or at once when its holder was a
 * process on this host that no longer runs (docs/design.md, "Leases"), or this very process with
 * a lease it has closed (its release failed: the store was down), which no one here holds.
 */
public final class Lease implements AutoCloseable {
    static final Duration TTL = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(Lease.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    /** Owners of the leases this process holds or is taking: any other owner naming this pid is abandoned. */
    private static final Set<String> HELD_HERE = ConcurrentHashMap.newKeySet();

    /** The JSON body of a lease object. */
    record Holder(String owner, String host, long pid, String acquired, String expires) {
        boolean stale(Instant now, String thisHost) {
            if (now.isAfter(Instant.parse(expires))) {
                return true;
            }
            return thisHost.equals(host) && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        }
    }

    private final ObjectStore store;
    private final String key;
    private final String owner;
    private final ScheduledExecutorService renewer;
    private volatile IOException lost;

    private Lease(ObjectStore store, String key, String owner) {
        this.store = store;
        this.key = key;
        this.owner = owner;
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "lease-" + key);
            thread.setDaemon(true);
            return thread;
        });
        long period = TTL.toSeconds() / 3;
        renewer.scheduleAtFixedRate(this::renew, period, period, TimeUnit.SECONDS);
    }

    /**
     * Takes the lease at {@code key} (a {@link RepositoryLayout} lock key); {@code what} names the
     * locked thing in messages (e.g. "disk d1").
     */
    static Lease acquire(ObjectStore store, String key, String what) throws IOException {
        String owner = UUID.randomUUID().toString();
        HELD_HERE.add(owner); // before the write, so no other thread here takes our new lease for abandoned
        boolean acquired = false;
        try {
            Lease lease = take(store, what, key, owner);
            acquired = true;
            return lease;
        } finally {
            if (!acquired) {
                HELD_HERE.remove(owner);
            }
        }
    }

    private static Lease take(ObjectStore store, String what, String key, String owner) throws IOException {
        for (int attempt = 0; attempt < 3; attempt++) {
            boolean taken;
            try {
                taken = store.putIfAbsent(key, encode(holder(owner)));
            } catch (IOException e) {
                if (cutByInterrupt(e) || Thread.currentThread().isInterrupted()) {
                    try {
                        release(store, key, owner); // the write may have landed before the interrupt cut it short
                    } catch (IOException releasing) {
                        e.addSuppressed(releasing);
                    }
                }
                throw e;
            }
            if (taken) {
                return new Lease(store, key, owner);
            }
            Holder current;
            try {
                current = decode(key, store.get(key));
            } catch (NoSuchObjectException e) {
                continue;
            }
            if (abandonedHere(current)) {
                LOG.warn("taking over lease {} left by this process (pid {}): its release failed", key, current.pid());
            } else if (!current.stale(Instant.now(), host())) {
                throw new RepositoryException(RepositoryException.Kind.LOCKED, what + " is being written by "
                        + current.host() + " pid " + current.pid() + " since " + current.acquired()
                        + " (lease " + key + " expires " + current.expires() + ")");
            } else {
                boolean expired = Instant.now().isAfter(Instant.parse(current.expires()));
                LOG.warn("taking over stale lease {} of {} pid {} ({})", key, current.host(), current.pid(),
                        expired ? "expired " + current.expires() : "its process is gone");
            }
            store.delete(key);
        }
        throw new RepositoryException(RepositoryException.Kind.LOCKED, what
                + ": could not take lease " + key + " after 3 attempts (another writer is racing)");
    }

    /** Fails if the lease was lost (renewal failed or another writer took it). */
    public void check() throws IOException {
        if (lost != null) {
            throw lost;
        }
    }

    private void renew() {
        try {
            Holder current = decode(key, store.get(key));
            if (!owner.equals(current.owner())) {
                lost = new RepositoryException(RepositoryException.Kind.LOCKED, "lease " + key + " was taken by "
                        + current.host() + " pid " + current.pid());
                return;
            }
            store.put(key, encode(holder(owner)));
        } catch (IOException e) {
            lost = new IOException("lease " + key + " could not be renewed: " + e.getMessage(), e);
        }
    }

    /** Written by this process for a lease it has since closed without removing it. */
    private static boolean abandonedHere(Holder holder) {
        return holder.host().equals(host()) && holder.pid() == ProcessHandle.current().pid()
                && !HELD_HERE.contains(holder.owner());
    }

    @Override
    public void close() throws IOException {
        renewer.shutdownNow();
        HELD_HERE.remove(owner);
        release(store, key, owner);
    }

    /**
     * Deletes the lease object if {@code owner} still holds it. An interrupted run (Ctrl-C, SIGTERM)
     * still releases: the interrupt is set aside while the store is asked (its file channels would fail
     * at once), and a release cut short by a new interrupt (a signal handler interrupts again until the
     * command ends) is tried again, a bounded number of times.
     */
    private static void release(ObjectStore store, String key, String owner) throws IOException {
        boolean interrupted = false;
        try {
            for (int attempt = 1; ; attempt++) {
                interrupted |= Thread.interrupted();
                try {
                    Holder current = decode(key, store.get(key));
                    if (owner.equals(current.owner())) {
                        store.delete(key);
                    }
                    return;
                } catch (NoSuchObjectException e) {
                    LOG.debug("lease {} was already gone", key);
                    return;
                } catch (IOException e) {
                    if (attempt >= 5 || !(Thread.currentThread().isInterrupted() || cutByInterrupt(e))) {
                        throw e;
                    }
                }
            }
        } finally {
            if (interrupted || Thread.interrupted()) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean cutByInterrupt(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.nio.channels.ClosedByInterruptException
                    || cause instanceof java.io.InterruptedIOException) {
                return true;
            }
        }
        return false;
    }

    private static Holder holder(String owner) {
        Instant now = Instant.now();
        return new Holder(owner, host(), ProcessHandle.current().pid(), now.toString(), now.plus(TTL).toString());
    }

    private static byte[] encode(Holder holder) {
        try {
            return Envelope.seal(Envelope.Type.LEASE, JSON.writeValueAsBytes(holder), false);
        } catch (IOException e) {
            throw new IllegalStateException("lease cannot be written as JSON", e);
        }
    }

    static Holder decode(String key, byte[] object) throws IOException {
        byte[] json = Envelope.open(Envelope.Type.LEASE, key, object);
        Holder holder;
        try {
            holder = JSON.readValue(json, Holder.class);
        } catch (IOException | RuntimeException e) {
            throw new CorruptObjectException(key + ": lease is not valid JSON");
        }
        if (holder.owner() == null || holder.host() == null) {
            throw new CorruptObjectException(key + ": lease names no owner or host");
        }
        Manifest.checkInstant(key, "acquired", holder.acquired());
        Manifest.checkInstant(key, "expires", holder.expires());
        return holder;
    }

    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}
