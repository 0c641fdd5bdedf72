package io.pilotlight.cli;

import io.pilotlight.cli.config.CloudSyncConfig;
import io.pilotlight.cli.config.DiskConfig;
import io.pilotlight.cli.config.DrillConfig;
import io.pilotlight.cli.config.FollowerConfig;
import io.pilotlight.cli.config.GroupConfig;
import io.pilotlight.cli.config.PilotlightConfig;
import io.pilotlight.cli.config.Protection;
import io.pilotlight.cli.config.PruneJob;
import io.pilotlight.cli.config.Secret;
import io.pilotlight.cli.config.VerifyJob;
import io.pilotlight.cloud.aws.SyncOptions;
import io.pilotlight.daemon.DaemonPlan;
import io.pilotlight.daemon.JobPlan;
import io.pilotlight.daemon.RepositoryOpener;
import io.pilotlight.recovery.drill.DrillOptions;
import io.pilotlight.repo.forget.ForgetOptions;
import io.pilotlight.repo.prune.PruneOptions;
import io.pilotlight.schedule.Every;
import io.pilotlight.schedule.Schedule;
import io.pilotlight.source.MachineSource;
import io.pilotlight.source.NamedSources;
import io.pilotlight.source.libvirt.LibvirtMachine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A checked config as the daemon's typed plan: a job per disk, group (NAME=URI members, a vSphere
 * VM or a libvirt domain), follower, verify, prune, drill and cloud sync; a disk's or group's retention policy rides on its
 * replicate job; an opener per repository (S3 credentials by reference); the listener and its
 * token, resolved now.
 */
final class DaemonPlanner {
    /** Where drills put their throwaway overlays and failed runs' serial logs when the config names no place. */
    static final Path DEFAULT_DRILL_DIRECTORY = Path.of(System.getProperty("java.io.tmpdir"), "pilotlight-drill");

    private final PilotlightCommand top;
    private final Path stateDir;

    DaemonPlanner(PilotlightCommand top) {
        this(top, DaemonCommand.defaultStateDir(top.environment()));
    }

    /** A planner whose report jobs read the run history in {@code stateDir}. */
    DaemonPlanner(PilotlightCommand top, Path stateDir) {
        this.top = top;
        this.stateDir = stateDir;
    }

    DaemonPlan plan(PilotlightConfig config) throws IOException {
        List<JobPlan> jobs = new ArrayList<>();
        for (DiskConfig disk : config.disks().values()) {
            Protection protection = disk.protection();
            jobs.add(new JobPlan.DiskReplication(disk.name(), protection.repository(), schedule(protection.schedule()),
                    disk.source(), protection.rpo(), retention(protection)));
        }
        config.groups().values().forEach(group -> jobs.add(group(group)));
        config.followers().values().forEach(follower -> jobs.add(follower(follower, config)));
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
        config.drills().values().forEach(drill -> jobs.add(drill(drill)));
        config.cloudSyncs().values().forEach(sync -> jobs.add(cloudSync(sync)));
        jobs.addAll(ConfiguredReports.jobs(config, top, stateDir));
        Map<String, RepositoryOpener> repositories = new LinkedHashMap<>();
        config.repositories().values().forEach(repository -> repositories.put(repository.name(),
                new ConfiguredRepository(repository, top.storeStack(), top.environment())));
        return new DaemonPlan(jobs, repositories, new InetSocketAddress(config.listener().host(),
                config.listener().port()), token(config), config.limits().jobs(), config.limits().perRepository(),
                config.listener().refresh(), new AlertPlanner(top.environment()).plan(config));
    }

    private JobPlan group(GroupConfig group) {
        Protection protection = group.protection();
        MachineSource machine;
        if (group.vsphere().isPresent()) {
            machine = new ConfiguredVsphereMachine(group.name(), group.vsphere().get(), top.environment());
        } else if (group.libvirt().isPresent()) {
            machine = LibvirtMachine.parse(group.libvirt().get());
        } else {
            List<NamedSources.Named> members = new ArrayList<>();
            group.members().forEach((name, uri) -> members.add(new NamedSources.Named(name, uri)));
            machine = new NamedSources(members);
        }
        return new JobPlan.GroupReplication(group.name(), protection.repository(), schedule(protection.schedule()),
                machine, group.diskNames(), protection.rpo(), retention(protection));
    }

    /** A follower polls on {@code every POLL} in the file's zone. */
    private static JobPlan follower(FollowerConfig follower, PilotlightConfig config) {
        return new JobPlan.Following(follower.name(), follower.repository(), Every.of(follower.poll(), config.zone()),
                follower.group().isPresent(), follower.group().or(follower::disk).orElseThrow(), follower.to(),
                follower.verify());
    }

    private static JobPlan drill(DrillConfig drill) {
        DrillOptions.Target target = drill.group().map(DrillOptions.Target::group)
                .orElseGet(() -> DrillOptions.Target.disk(drill.disk().orElseThrow()));
        DrillOptions options = DrillOptions.of(target, drill.workDirectory().orElse(DEFAULT_DRILL_DIRECTORY))
                .withPorts(drill.ports()).withTimeouts(drill.checkTimeout(), drill.timeout())
                .withAccelerator(drill.accelerator());
        options = new DrillOptions(options.target(), "latest", drill.heartbeat().orElse(options.heartbeat()),
                options.ports(), options.checkTimeout(), options.timeout(), drill.memoryBytes(), options.accelerator(),
                options.firmware(), options.ovmf(), options.workDirectory(), options.serialLines());
        return new JobPlan.Drilling(drill.name(), drill.repository(), schedule(drill.schedule()), options);
    }

    /** A cloud sync job: the {@code cloud sync} options it names, the rest as the command's defaults. */
    private JobPlan cloudSync(CloudSyncConfig sync) {
        SyncOptions defaults = SyncOptions.defaults();
        SyncOptions options = new SyncOptions(sync.parallel(), defaults.timeoutMinutes(), sync.encrypted(),
                sync.kmsKey(), defaults.completionLimit(), defaults.blocksPerRead());
        return new JobPlan.CloudSync(sync.name(), sync.repository(), schedule(sync.schedule()),
                sync.group().isPresent(), sync.group().or(sync::disk).orElseThrow(), options,
                new ConfiguredAws(sync, top.environment()));
    }

    /** The forget the replicate job runs after each committed point, if the disk or group has a policy. */
    private static Optional<ForgetOptions> retention(Protection protection) {
        return protection.retention().isEmpty() ? Optional.empty()
                : Optional.of(new ForgetOptions(protection.retention(), protection.zone(), false));
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
}
