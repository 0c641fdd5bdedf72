package io.pilotlight.cli;

import io.pilotlight.cli.config.ConfigParser;
import io.pilotlight.cli.config.ConfigProblem;
import io.pilotlight.cli.config.ConfigResult;
import io.pilotlight.daemon.Daemon;
import io.pilotlight.daemon.DaemonPlan;
import io.pilotlight.daemon.DaemonSignals;
import io.pilotlight.daemon.RunJournal;
import io.pilotlight.metrics.DaemonMetrics;
import io.pilotlight.schedule.SchedulerSettings;
import io.pilotlight.schedule.SystemTimer;
import io.pilotlight.store.StoreMeter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code daemon --config FILE}: runs the configured jobs on their schedules until SIGTERM (docs/operating.md). */
@Command(name = "daemon", description = {"Run the jobs of a configuration file on their schedules, with an HTTP API"
        + " (status, run now) on the configured listener. SIGHUP reloads the file; SIGTERM stops and exits 0.",
    "The file is checked first, as 'config check' does: on errors the daemon does not start (exit 2).", "",
    "  pilotlight daemon --config /etc/pilotlight/pilotlight.yaml"})
final class DaemonCommand implements Callable<Integer> {
    @ParentCommand
    PilotlightCommand top;

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "The configuration file.")
    Path config;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Where the run history is kept (default: "
            + "$XDG_STATE_HOME/pilotlight, ~/.local/state/pilotlight, or /var/lib/pilotlight as root).")
    Path stateDir;

    @Override
    public Integer call() throws Exception {
        System.setProperty("org.slf4j.simpleLogger.log.io.pilotlight.daemon", "info");
        System.setProperty("org.slf4j.simpleLogger.log.io.pilotlight.schedule", "info");
        Optional<DaemonPlan> plan = check();
        if (plan.isEmpty()) {
            return ExitCodes.USAGE;
        }
        Path state = stateDir();
        top.err().println("pilotlight daemon: " + config + ": " + plan.get().jobs().size() + " jobs; history in "
                + state.resolve(RunJournal.FILE_NAME));
        top.err().flush();
        DaemonSignals signals = new DaemonSignals();
        try (DaemonMetrics metrics = metrics(top.storeStack().meter())) {
            Daemon daemon = new Daemon(plan.get(), new RunJournal(state), SchedulerSettings.defaults(),
                    Clock.systemUTC(), new SystemTimer(Clock.systemUTC()), Duration.ofMinutes(5), metrics);
            daemon.start();
            boolean clean = signals.runUntilStopped(daemon, this::check);
            return clean ? ExitCodes.OK : ExitCodes.INTERRUPTED;
        }
    }

    /**
     * The daemon's metrics, with the store meter's totals read at each scrape. Every repository of
     * the daemon shares the one store stack (and meter) of the command, so the series carry
     * {@code repository="all"}.
     */
    private static DaemonMetrics metrics(StoreMeter meter) {
        DaemonMetrics metrics = new DaemonMetrics(Clock.systemUTC());
        metrics.beforeEachScrape(() -> {
            StoreMeter.Snapshot snapshot = meter.snapshot();
            metrics.storeRequests("all", snapshot.requests());
            metrics.storeRetries("all", snapshot.failures());
        });
        return metrics;
    }

    /** Reads and checks the file as {@code config check} does; prints its problems; empty on errors. */
    private Optional<DaemonPlan> check() {
        ConfigResult result;
        try {
            result = new ConfigParser().read(config);
        } catch (IOException e) {
            print("pilotlight: " + config + ": cannot read: " + e.getMessage());
            return Optional.empty();
        }
        result.problems().stream().map(ConfigProblem::format).forEach(this::print);
        if (result.config().isEmpty()) {
            print("pilotlight: " + config + ": " + result.errors().size() + " errors; the daemon does not run it");
            return Optional.empty();
        }
        try {
            return Optional.of(new DaemonPlanner(top, stateDir()).plan(result.config().get()));
        } catch (IOException | RuntimeException e) {
            print("pilotlight: " + config + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private void print(String line) {
        top.err().println(line);
        top.err().flush();
    }

    private Path stateDir() {
        return stateDir != null ? stateDir : defaultStateDir(top.environment());
    }

    static Path defaultStateDir(Map<String, String> environment) {
        if ("root".equals(System.getProperty("user.name"))) {
            return Path.of("/var/lib/pilotlight");
        }
        String xdg = environment.get("XDG_STATE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "pilotlight");
        }
        return Path.of(System.getProperty("user.home"), ".local", "state", "pilotlight");
    }
}
