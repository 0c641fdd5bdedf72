package io.pilotlight.daemon;

import static java.util.Objects.requireNonNull;

import io.pilotlight.cloud.aws.AwsConnection;
import io.pilotlight.cloud.aws.SyncOptions;
import io.pilotlight.recovery.drill.DrillOptions;
import io.pilotlight.repo.forget.ForgetOptions;
import io.pilotlight.repo.prune.PruneOptions;
import io.pilotlight.schedule.Schedule;
import io.pilotlight.source.MachineSource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** One configured job, typed: what it does, on which repository, at which slots. */
public sealed interface JobPlan {
    String name();

    String repository();

    Schedule schedule();

    /** {@code replicate}, {@code follow}, {@code verify}, {@code prune}, {@code drill}, {@code cloud-sync} or {@code report}. */
    String kind();

    /**
     * The scheduler's resource keys of this job (each key admits one run at a time): a job that
     * writes its repository holds {@code repository:NAME}, so writers of one repository take turns.
     * A follower and a drill only read it, and must not hold a replicate back for minutes: a follower
     * holds {@code standby:PATH} (two followers never write one standby), a drill {@code drills}
     * (one VM booted at a time per daemon).
     */
    default Set<String> resourceKeys() {
        return Set.of("repository:" + repository());
    }

    /** The repository disks this job makes points of, each with its recovery point objective. */
    default List<WatchedDisk> disks() {
        return List.of();
    }

    /** A disk of the repository and the RPO it is held to (none: no target). */
    record WatchedDisk(String disk, Optional<Duration> rpo) {
        public WatchedDisk {
            requireNonNull(disk, "disk is null");
            requireNonNull(rpo, "rpo is null");
        }
    }

    /**
     * Replicate one disk from a source URI to disk {@code name}; after each successful run, forget its
     * points by {@code retention} when given (docs/configuration.md, "Retention in the daemon").
     */
    record DiskReplication(String name, String repository, Schedule schedule, String source, Optional<Duration> rpo,
            Optional<ForgetOptions> retention) implements JobPlan {
        public DiskReplication {
            check(name, repository, schedule);
            requireNonNull(source, "source is null");
            requireNonNull(rpo, "rpo is null");
            requireNonNull(retention, "retention is null");
        }

        /** Without retention: every point is kept. */
        public DiskReplication(String name, String repository, Schedule schedule, String source,
                Optional<Duration> rpo) {
            this(name, repository, schedule, source, rpo, Optional.empty());
        }

        @Override
        public String kind() {
            return "replicate";
        }

        @Override
        public List<WatchedDisk> disks() {
            return List.of(new WatchedDisk(name, rpo));
        }
    }

    /**
     * Replicate every disk of a machine to one group point; its disks are {@code memberDisks} (none
     * when they are found at run time, as a vSphere VM's are). After each successful run, forget
     * group points by {@code retention} when given.
     */
    record GroupReplication(String name, String repository, Schedule schedule, MachineSource machine,
            List<String> memberDisks, Optional<Duration> rpo, Optional<ForgetOptions> retention) implements JobPlan {
        public GroupReplication {
            check(name, repository, schedule);
            requireNonNull(machine, "machine is null");
            memberDisks = List.copyOf(requireNonNull(memberDisks, "memberDisks is null"));
            requireNonNull(rpo, "rpo is null");
            requireNonNull(retention, "retention is null");
        }

        /** Without retention: every group point is kept. */
        public GroupReplication(String name, String repository, Schedule schedule, MachineSource machine,
                List<String> memberDisks, Optional<Duration> rpo) {
            this(name, repository, schedule, machine, memberDisks, rpo, Optional.empty());
        }

        @Override
        public String kind() {
            return "replicate";
        }

        @Override
        public List<WatchedDisk> disks() {
            return memberDisks.stream().map(disk -> new WatchedDisk(disk, rpo)).toList();
        }
    }

    /**
     * Keep a standby at the newest point of disk {@code followed} (an image file {@code to}) or of
     * group {@code followed} ({@code group}: a directory {@code to} of one image per disk), checked
     * as {@code verify} says after writing. A run writes only when a newer point exists.
     */
    record Following(String name, String repository, Schedule schedule, boolean group, String followed, Path to,
            io.pilotlight.recovery.follow.Verification verify) implements JobPlan {
        public Following {
            check(name, repository, schedule);
            requireNonNull(followed, "followed is null");
            requireNonNull(to, "to is null");
            requireNonNull(verify, "verify is null");
        }

        @Override
        public String kind() {
            return "follow";
        }

        @Override
        public Set<String> resourceKeys() {
            return Set.of("standby:" + to.toAbsolutePath().normalize());
        }
    }

    /** Boot the newest point of a disk or group in an isolated VM and check it, as {@code options} say. */
    record Drilling(String name, String repository, Schedule schedule, DrillOptions options) implements JobPlan {
        public Drilling {
            check(name, repository, schedule);
            requireNonNull(options, "options is null");
        }

        @Override
        public String kind() {
            return "drill";
        }

        @Override
        public Set<String> resourceKeys() {
            return Set.of("drills");
        }
    }

    /**
     * Keep the EBS snapshot chain of disk {@code target} (or of every member disk of group {@code
     * target}) current: each run makes the snapshot of every point not synced yet, oldest first (so
     * each is incremental on the last), then deletes the snapshots of forgotten points. It only reads
     * the repository (the records it writes are its own keys): it holds {@code cloud:NAME}, not the
     * repository's writer slot.
     */
    record CloudSync(String name, String repository, Schedule schedule, boolean group, String target,
            SyncOptions options, AwsOpener aws) implements JobPlan {
        public CloudSync {
            check(name, repository, schedule);
            requireNonNull(target, "target is null");
            requireNonNull(options, "options is null");
            requireNonNull(aws, "aws is null");
        }

        @Override
        public String kind() {
            return "cloud-sync";
        }

        @Override
        public Set<String> resourceKeys() {
            return Set.of("cloud:" + name);
        }
    }

    /** Opens the clients a cloud sync run talks through (credentials resolved at each run). */
    @FunctionalInterface
    interface AwsOpener {
        AwsConnection open() throws IOException;
    }

    /**
     * Make a protection report and deliver it ({@code reports:} in the config, docs/operating.md,
     * "Reports"). It only reads: it holds {@code report:NAME}, never a repository's writer slot;
     * {@code repository} is the one its run is listed under.
     */
    record Reporting(String name, String repository, Schedule schedule, ReportProducer producer) implements JobPlan {
        public Reporting {
            check(name, repository, schedule);
            requireNonNull(producer, "producer is null");
        }

        @Override
        public String kind() {
            return "report";
        }

        @Override
        public Set<String> resourceKeys() {
            return Set.of("report:" + name);
        }
    }

    /** Makes and delivers one report for the period ending {@code now}; says where it went. */
    @FunctionalInterface
    interface ReportProducer {
        String produce(java.time.Instant now) throws IOException;
    }

    /** Verify a repository; {@code readData} also reads every chunk. */
    record Verification(String name, String repository, Schedule schedule, boolean readData) implements JobPlan {
        public Verification {
            check(name, repository, schedule);
        }

        @Override
        public String kind() {
            return "verify";
        }
    }

    /** Prune a repository with these options. */
    record Pruning(String name, String repository, Schedule schedule, PruneOptions options) implements JobPlan {
        public Pruning {
            check(name, repository, schedule);
            requireNonNull(options, "options is null");
        }

        @Override
        public String kind() {
            return "prune";
        }
    }

    private static void check(String name, String repository, Schedule schedule) {
        requireNonNull(name, "name is null");
        requireNonNull(repository, "repository is null");
        requireNonNull(schedule, "schedule is null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a daemon job needs a name");
        }
    }
}
