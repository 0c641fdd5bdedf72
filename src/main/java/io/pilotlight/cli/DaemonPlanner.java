package io.pilotlight.cli;

import io.pilotlight.cli.config.DiskConfig;
import io.pilotlight.cli.config.GroupConfig;
import io.pilotlight.cli.config.PilotlightConfig;
import io.pilotlight.cli.config.PruneJob;
import io.pilotlight.cli.config.RepositoryConfig;
import io.pilotlight.cli.config.Secret;
import io.pilotlight.cli.config.VerifyJob;
import io.pilotlight.daemon.DaemonPlan;
import io.pilotlight.daemon.JobPlan;
import io.pilotlight.daemon.RepositoryOpener;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.prune.PruneOptions;
import io.pilotlight.schedule.Schedule;
import io.pilotlight.source.NamedSources;
import io.pilotlight.store.ObjectStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A checked config as the daemon's typed plan: a job per disk, group (NAME=URI members), verify and
 * prune job; an opener per repository; the listener and its token, resolved now. vSphere groups,
 * followers and retention are not run by the daemon yet: they are named on stderr.
 */
final class DaemonPlanner {
    private final PilotlightCommand top;

    DaemonPlanner(PilotlightCommand top) {
        this.top = top;
    }

    DaemonPlan plan(PilotlightConfig config) throws IOException {
        List<JobPlan> jobs = new ArrayList<>();
        for (DiskConfig disk : config.disks().values()) {
            jobs.add(new JobPlan.DiskReplication(disk.name(), disk.protection().repository(),
                    schedule(disk.protection().schedule()), disk.source(), disk.protection().rpo()));
        }
        for (GroupConfig group : config.groups().values()) {
            if (group.vsphere().isPresent()) {
                note("group " + group.name() + ": vSphere groups are not run by the daemon yet; skipped");
                continue;
            }
            List<NamedSources.Named> members = new ArrayList<>();
            group.members().forEach((name, uri) -> members.add(new NamedSources.Named(name, uri)));
            jobs.add(new JobPlan.GroupReplication(group.name(), group.protection().repository(),
                    schedule(group.protection().schedule()), new NamedSources(members), group.diskNames(),
                    group.protection().rpo()));
        }
        for (VerifyJob verify : config.verifyJobs().values()) {
            jobs.add(new JobPlan.Verification(verify.name(), verify.repository(), schedule(verify.schedule()),
                    verify.readData()));
        }
        for (PruneJob prune : config.pruneJobs().values()) {
            PruneOptions options = PruneOptions.defaults().withGrace(prune.grace());
            jobs.add(new JobPlan.Pruning(prune.name(), prune.repository(), schedule(prune.schedule()),
                    new PruneOptions(options.grace(), prune.maxUnusedPercent() / 100.0, Long.MAX_VALUE, false,
                            options.allowShortGrace())));
        }
        config.followers().keySet().forEach(name -> note("follower " + name + ": not run by the daemon yet; skipped"));
        Map<String, RepositoryOpener> repositories = new LinkedHashMap<>();
        config.repositories().values().forEach(repository -> repositories.put(repository.name(), opener(repository)));
        return new DaemonPlan(jobs, repositories, new InetSocketAddress(config.listener().host(),
                config.listener().port()), token(config));
    }

    private static Schedule schedule(io.pilotlight.cli.config.Schedule schedule) {
        return Schedule.parse(schedule.text(), schedule.zone());
    }

    private Optional<String> token(PilotlightConfig config) throws IOException {
        if (config.listener().token().isEmpty()) {
            return Optional.empty();
        }
        Optional<Secret> secret = config.listener().token().get().resolve(top.environment());
        return Optional.of(secret.orElseThrow(() -> new IllegalArgumentException("listener token "
                + config.listener().token().get() + " is not set")).reveal());
    }

    private RepositoryOpener opener(RepositoryConfig config) {
        RepoLocation location = RepoLocation.parse(config.location(), new RepoLocation.S3Settings(
                config.endpoint().map(Object::toString), config.region(), config.pathStyle()), top.environment());
        return new RepositoryOpener() {
            private ObjectStore store;

            @Override
            public synchronized Repository open() throws IOException {
                if (store == null) {
                    store = top.storeStack().around(location.openExisting(top.storeStack().s3Options()));
                }
                return Repository.open(store);
            }

            @Override
            public synchronized void close() throws IOException {
                if (store != null) {
                    store.close();
                    store = null;
                }
            }
        };
    }

    private void note(String message) {
        PrintWriter err = top.err();
        err.println("pilotlight daemon: " + message);
        err.flush();
    }
}
