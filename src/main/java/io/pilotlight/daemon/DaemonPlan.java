package io.pilotlight.daemon;

import static java.util.Objects.requireNonNull;

import io.pilotlight.alert.AlertPlan;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the daemon runs, built by the cli from a checked config: the jobs, an opener per repository
 * they name, where the API listens, the bearer token it requires (none: no token), how many jobs
 * run at once: {@code maxJobs} in all, {@code maxPerRepository} holding one repository's writer slot,
 * and the alerts ({@link AlertPlan#NONE}: none).
 */
public record DaemonPlan(List<JobPlan> jobs, Map<String, RepositoryOpener> repositories, InetSocketAddress listen,
        Optional<String> token, int maxJobs, int maxPerRepository, AlertPlan alerts) {
    /** A plan without alerts. */
    public DaemonPlan(List<JobPlan> jobs, Map<String, RepositoryOpener> repositories, InetSocketAddress listen,
            Optional<String> token, int maxJobs, int maxPerRepository) {
        this(jobs, repositories, listen, token, maxJobs, maxPerRepository, AlertPlan.NONE);
    }

    /** A plan with the default limits: four jobs at once, one writer per repository. */
    public DaemonPlan(List<JobPlan> jobs, Map<String, RepositoryOpener> repositories, InetSocketAddress listen,
            Optional<String> token) {
        this(jobs, repositories, listen, token, 4, 1);
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
}
