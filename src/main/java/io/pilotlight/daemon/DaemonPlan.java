package io.pilotlight.daemon;

import static java.util.Objects.requireNonNull;

import io.pilotlight.alert.AlertPlan;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the daemon runs, built by the cli from a checked config: the jobs, an opener per repository
 * they name, where the API listens, the bearer token it requires (none: no token; an address that is
 * not loopback needs one), how many jobs run at once: {@code maxJobs} in all, {@code maxPerRepository}
 * holding one repository's writer slot, how often the status page refreshes itself, and the alerts
 * ({@link AlertPlan#NONE}: none).
 */
public record DaemonPlan(List<JobPlan> jobs, Map<String, RepositoryOpener> repositories, InetSocketAddress listen,
        Optional<String> token, int maxJobs, int maxPerRepository, Duration pageRefresh, AlertPlan alerts) {
    /** The status page's refresh when the config names none. */
    public static final Duration DEFAULT_PAGE_REFRESH = Duration.ofSeconds(10);

    /** A plan without alerts. */
    public DaemonPlan(List<JobPlan> jobs, Map<String, RepositoryOpener> repositories, InetSocketAddress listen,
            Optional<String> token, int maxJobs, int maxPerRepository, Duration pageRefresh) {
        this(jobs, repositories, listen, token, maxJobs, maxPerRepository, pageRefresh, AlertPlan.NONE);
    }

    /** A plan whose status page refreshes every {@link #DEFAULT_PAGE_REFRESH}. */
    public DaemonPlan(List<JobPlan> jobs, Map<String, RepositoryOpener> repositories, InetSocketAddress listen,
            Optional<String> token, int maxJobs, int maxPerRepository, AlertPlan alerts) {
        this(jobs, repositories, listen, token, maxJobs, maxPerRepository, DEFAULT_PAGE_REFRESH, alerts);
    }

    /** A plan with the default limits: four jobs at once, one writer per repository. */
    public DaemonPlan(List<JobPlan> jobs, Map<String, RepositoryOpener> repositories, InetSocketAddress listen,
            Optional<String> token) {
        this(jobs, repositories, listen, token, 4, 1);
    }

    /** A plan without alerts whose status page refreshes every {@link #DEFAULT_PAGE_REFRESH}. */
    public DaemonPlan(List<JobPlan> jobs, Map<String, RepositoryOpener> repositories, InetSocketAddress listen,
            Optional<String> token, int maxJobs, int maxPerRepository) {
        this(jobs, repositories, listen, token, maxJobs, maxPerRepository, DEFAULT_PAGE_REFRESH);
    }

    public DaemonPlan {
        if (maxJobs < 1 || maxPerRepository < 1) {
            throw new IllegalArgumentException("daemon limits: jobs " + maxJobs + " and per repository "
                    + maxPerRepository + " must be at least 1");
        }
        jobs = List.copyOf(requireNonNull(jobs, "jobs is null"));
        repositories = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(
                requireNonNull(repositories, "repositories is null")));
        requireNonNull(listen, "listen is null");
        requireNonNull(token, "token is null");
        requireNonNull(pageRefresh, "pageRefresh is null");
        if (pageRefresh.toSeconds() < 1) {
            throw new IllegalArgumentException("status page refresh " + pageRefresh + " must be at least 1s");
        }
        if (!loopback(listen) && token.isEmpty()) {
            throw new IllegalArgumentException("listener " + listen.getHostString() + ":" + listen.getPort()
                    + " is not a loopback address: it needs a bearer token (listener.token), or listen on 127.0.0.1");
        }
        requireNonNull(alerts, "alerts is null");
        Set<String> names = new HashSet<>();
        for (JobPlan job : jobs) {
            if (!names.add(job.name())) {
                throw new IllegalArgumentException("job name " + job.name() + " is used twice; disks, groups,"
                        + " followers, verify, prune, drill and cloud sync jobs share one namespace in the daemon");
            }
            if (!repositories.containsKey(job.repository())) {
                throw new IllegalArgumentException("job " + job.name() + " names repository " + job.repository()
                        + ", which is not defined");
            }
        }
    }

    /** True when the daemon listens on a loopback address only (an unresolved name is not). */
    public boolean loopbackOnly() {
        return loopback(listen);
    }

    private static boolean loopback(InetSocketAddress address) {
        return address.getAddress() != null && address.getAddress().isLoopbackAddress();
    }
}
