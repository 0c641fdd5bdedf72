package io.pilotlight.cli.config;

import static java.util.Objects.requireNonNull;

import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A whole {@code pilotlight.yaml}, checked: every map keyed by name, in the file's order. */
public record PilotlightConfig(ZoneId zone, Map<String, RepositoryConfig> repositories, Map<String, DiskConfig> disks,
        Map<String, GroupConfig> groups, Map<String, FollowerConfig> followers, Map<String, VerifyJob> verifyJobs,
        Map<String, PruneJob> pruneJobs, Map<String, DrillConfig> drills, Map<String, CloudSyncConfig> cloudSyncs, ListenerConfig listener,
        Limits limits, Map<String, ReportConfig> reports, AlertsConfig alerts) {
    /** A config without scheduled reports or alerts. */
    public PilotlightConfig(ZoneId zone, Map<String, RepositoryConfig> repositories, Map<String, DiskConfig> disks,
            Map<String, GroupConfig> groups, Map<String, FollowerConfig> followers, Map<String, VerifyJob> verifyJobs,
            Map<String, PruneJob> pruneJobs, Map<String, DrillConfig> drills, Map<String, CloudSyncConfig> cloudSyncs,
            ListenerConfig listener, Limits limits) {
        this(zone, repositories, disks, groups, followers, verifyJobs, pruneJobs, drills, cloudSyncs, listener, limits,
                Map.of(), AlertsConfig.NONE);
    }

    public PilotlightConfig {
        requireNonNull(zone, "zone is null");
        repositories = copy(repositories, "repositories");
        disks = copy(disks, "disks");
        groups = copy(groups, "groups");
        followers = copy(followers, "followers");
        verifyJobs = copy(verifyJobs, "verifyJobs");
        pruneJobs = copy(pruneJobs, "pruneJobs");
        drills = copy(drills, "drills");
        cloudSyncs = copy(cloudSyncs, "cloudSyncs");
        requireNonNull(listener, "listener is null");
        requireNonNull(limits, "limits is null");
        reports = copy(reports, "reports");
        requireNonNull(alerts, "alerts is null");
    }

    private static <V> Map<String, V> copy(Map<String, V> map, String what) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(map, what + " is null")));
    }
}
