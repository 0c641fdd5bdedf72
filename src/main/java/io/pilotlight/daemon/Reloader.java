package io.pilotlight.daemon;

import java.util.Optional;

/**
 * Asked on SIGHUP for a new plan: the command re-reads and checks its config file. Empty means the
 * file was refused (the command logged why); the daemon keeps its old jobs.
 */
@FunctionalInterface
public interface Reloader {
    Optional<DaemonPlan> reload();
}
