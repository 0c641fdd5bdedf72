package io.pilotlight.daemon;

import static java.util.Objects.requireNonNull;

import io.pilotlight.repo.prune.PruneOptions;
import io.pilotlight.schedule.Schedule;
import io.pilotlight.source.MachineSource;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One configured job, typed: what it does, on which repository, at which slots. */
public sealed interface JobPlan {
    String name();

    String repository();

    Schedule schedule();

    /** {@code replicate}, {@code verify} or {@code prune}. */
    String kind();

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

    /** Replicate one disk from a source URI to disk {@code name}. */
    record DiskReplication(String name, String repository, Schedule schedule, String source, Optional<Duration> rpo)
            implements JobPlan {
        public DiskReplication {
            check(name, repository, schedule);
            requireNonNull(source, "source is null");
            requireNonNull(rpo, "rpo is null");
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

    /** Replicate every disk of a machine to one group point; its disks are {@code memberDisks}. */
    record GroupReplication(String name, String repository, Schedule schedule, MachineSource machine,
            List<String> memberDisks, Optional<Duration> rpo) implements JobPlan {
        public GroupReplication {
            check(name, repository, schedule);
            requireNonNull(machine, "machine is null");
            memberDisks = List.copyOf(requireNonNull(memberDisks, "memberDisks is null"));
            requireNonNull(rpo, "rpo is null");
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
