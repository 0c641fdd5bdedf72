package io.pilotlight.cli;

import io.pilotlight.alert.AlertPlan;
import io.pilotlight.alert.SmtpChannel;
import io.pilotlight.cli.config.DiskConfig;
import io.pilotlight.cli.config.FollowerConfig;
import io.pilotlight.cli.config.GroupConfig;
import io.pilotlight.cli.config.PilotlightConfig;
import io.pilotlight.cli.config.ReportConfig;
import io.pilotlight.daemon.JobPlan;
import io.pilotlight.daemon.RepositoryOpener;
import io.pilotlight.daemon.RunJournal;
import io.pilotlight.report.DirectoryReportSink;
import io.pilotlight.report.FollowerTarget;
import io.pilotlight.report.ReportFormat;
import io.pilotlight.report.ReportScope;
import io.pilotlight.report.ReportSink;
import io.pilotlight.report.ScheduledReport;
import io.pilotlight.report.Subject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a report knows from a config file: its disks and groups with their RPO targets (a group's
 * member disks take the group's), its followers, the kind of every job; and each {@code reports:}
 * entry as a daemon job writing to its directory (and e-mailing it through an alert channel when
 * asked). Repositories are opened by openers of the report's own, so a report run never closes a
 * store the daemon's jobs use.
 */
final class ConfiguredReports {
    private ConfiguredReports() {
    }

    /** The config's subjects; a disk or group without an RPO is held to {@code defaultTarget} when given. */
    static ReportScope scope(PilotlightConfig config, Optional<Duration> defaultTarget) {
        List<Subject> subjects = new ArrayList<>();
        Map<String, String> kinds = new LinkedHashMap<>();
        for (DiskConfig disk : config.disks().values()) {
            subjects.add(new Subject(Subject.Kind.DISK, disk.name(), disk.protection().repository(),
                    disk.protection().rpo().or(() -> defaultTarget), disk.name()));
            kinds.put(disk.name(), "replicate");
        }
        for (GroupConfig group : config.groups().values()) {
            Optional<Duration> target = group.protection().rpo().or(() -> defaultTarget);
            subjects.add(new Subject(Subject.Kind.GROUP, group.name(), group.protection().repository(), target,
                    group.name()));
            group.diskNames().forEach(disk -> subjects.add(new Subject(Subject.Kind.DISK, disk,
                    group.protection().repository(), target, group.name())));
            kinds.put(group.name(), "replicate");
        }
        List<FollowerTarget> followers = new ArrayList<>();
        for (FollowerConfig follower : config.followers().values()) {
            followers.add(new FollowerTarget(follower.name(), follower.group().isPresent(),
                    follower.group().or(follower::disk).orElseThrow(), follower.to()));
            kinds.put(follower.name(), "follow");
        }
        config.verifyJobs().keySet().forEach(name -> kinds.put(name, "verify"));
        config.pruneJobs().keySet().forEach(name -> kinds.put(name, "prune"));
        config.drills().keySet().forEach(name -> kinds.put(name, "drill"));
        config.cloudSyncs().keySet().forEach(name -> kinds.put(name, "cloud-sync"));
        config.reports().keySet().forEach(name -> kinds.put(name, "report"));
        return new ReportScope(subjects, followers, kinds, false, Optional.empty());
    }

    /** The daemon jobs of the {@code reports:} entries, reading the history in {@code stateDir}. */
    static List<JobPlan> jobs(PilotlightConfig config, PilotlightCommand top, Path stateDir) throws IOException {
        List<JobPlan> jobs = new ArrayList<>();
        if (config.reports().isEmpty()) {
            return jobs;
        }
        ReportScope scope = scope(config, Optional.empty());
        String firstRepository = config.repositories().keySet().iterator().next();
        AlertPlan alerts = new AlertPlanner(top.environment()).plan(config);
        for (ReportConfig report : config.reports().values()) {
            Map<String, RepositoryOpener> openers = new LinkedHashMap<>();
            Map<String, String> locations = new LinkedHashMap<>();
            config.repositories().values().forEach(repository -> {
                openers.put(repository.name(), new ConfiguredRepository(repository, top.storeStack(),
                        top.environment()));
                locations.put(repository.name(), repository.location());
            });
            List<ReportSink> sinks = new ArrayList<>();
            sinks.add(new DirectoryReportSink(report.directory(), report.name()));
            if (report.email().isPresent()) { // the config check made sure it names an e-mail channel
                sinks.add(new EmailReportSink(report.name(), (SmtpChannel) alerts.channel(report.email().get())));
            }
            ScheduledReport producer = new ScheduledReport(report.period(), ReportFormat.parse(report.format()), scope,
                    openers, locations, new RunJournal(stateDir), sinks);
            jobs.add(new JobPlan.Reporting(report.name(), firstRepository, io.pilotlight.schedule.Schedule.parse(
                    report.schedule().text(), report.schedule().zone()), producer));
        }
        return jobs;
    }
}
