package io.pilotlight.daemon;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Runs a started daemon until SIGTERM or SIGINT: SIGHUP reloads (asking the {@link Reloader}); TERM
 * and INT stop the jobs and return, so the command can exit 0 when they stopped cleanly. The
 * handlers replace the JVM's default ones, which would exit 143 before the jobs end.
 */
public final class DaemonSignals {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonSignals.class);

    private final BlockingQueue<String> signals = new LinkedBlockingQueue<>();

    public DaemonSignals() {
        for (String name : new String[] {"HUP", "TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> signals.add(signal.getName()));
        }
    }

    /** Serves signals until TERM or INT; returns whether every job stopped within the stop timeout. */
    public boolean runUntilStopped(Daemon daemon, Reloader reloader) throws InterruptedException {
        requireNonNull(daemon, "daemon is null");
        requireNonNull(reloader, "reloader is null");
        while (true) {
            String signal = signals.take();
            if (!signal.equals("HUP")) {
                LOG.info("SIG{}: stopping the jobs", signal);
                boolean clean = daemon.shutdown();
                LOG.info(clean ? "stopped" : "stopped; some jobs were still running");
                return clean;
            }
            reload(daemon, reloader);
        }
    }

    private static void reload(Daemon daemon, Reloader reloader) throws InterruptedException {
        LOG.info("SIGHUP: reloading the configuration");
        try {
            var plan = reloader.reload();
            if (plan.isEmpty()) {
                LOG.warn("reload refused; the old configuration stays");
                return;
            }
            daemon.reload(plan.get());
            LOG.info("reloaded: jobs {}", daemon.jobNames());
        } catch (java.io.IOException | RuntimeException e) {
            LOG.error("reload failed: {}", e.getMessage());
        }
    }
}
