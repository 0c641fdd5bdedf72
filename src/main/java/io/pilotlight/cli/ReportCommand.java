package io.pilotlight.cli;

import io.pilotlight.cli.config.ConfigParser;
import io.pilotlight.cli.config.ConfigProblem;
import io.pilotlight.cli.config.ConfigResult;
import io.pilotlight.cli.config.PilotlightConfig;
import io.pilotlight.daemon.RunJournal;
import io.pilotlight.report.Period;
import io.pilotlight.report.Report;
import io.pilotlight.report.ReportBuilder;
import io.pilotlight.report.ReportFormat;
import io.pilotlight.report.ReportInputs;
import io.pilotlight.report.ReportReader;
import io.pilotlight.report.ReportScope;
import io.pilotlight.repo.Repository;
import io.pilotlight.store.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code report}: the protection report of a period, from the run history and the repositories (docs/operating.md). */
@Command(name = "report", description = {"Report per disk and group over a period: RPO compliance (share of time"
        + " within target), the achieved RPO over time, points taken and kept, bytes moved, failures and their"
        + " reasons, CBT fallbacks, verify results, the newest point proven bootable, standby age.",
    "Made from the daemon's run history (--state-dir, history.jsonl) and the repositories: --config reads every"
        + " repository, disk, group and RPO of a config file; without it, every disk and group of --repo.", "",
    "  pilotlight report --config /etc/pilotlight/pilotlight.yaml --format html --out week.html",
    "  pilotlight report --repo s3://dr/pilotlight --rpo 30m --since 1d --format md"})
final class ReportCommand implements Callable<Integer> {
    @ParentCommand
    PilotlightCommand top;

    @Option(names = "--since", paramLabel = "DURATION", defaultValue = "7d", converter = PruneCommand.Grace.class,
            description = "The period: this long before now (default 7d; e.g. 24h, 30d).")
    Duration since;

    @Option(names = "--until", paramLabel = "TIME", description = "The period's end, ISO-8601 UTC such as"
            + " 2026-11-30T00:00:00Z (default: now).")
    java.time.Instant until;

    @Option(names = "--format", paramLabel = "html|md|json", defaultValue = "md",
            description = "html (one self-contained file), md (default) or json.")
    String format;

    @Option(names = "--json", description = "The same as --format json.")
    boolean json;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the report to FILE (default: stdout).")
    Path out;

    @Option(names = "--config", paramLabel = "FILE", description = "Report on the disks, groups, followers and jobs"
            + " of this config file, reading its repositories.")
    Path config;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Where the daemon keeps its run history (default"
            + " as the daemon's).")
    Path stateDir;

    @Option(names = "--rpo", paramLabel = "DURATION", converter = PruneCommand.Grace.class,
            description = "The RPO target of every disk and group that has none in the config (all, with --repo).")
    Duration rpo;

    @Override
    public Integer call() throws Exception {
        ReportFormat chosen = json ? ReportFormat.JSON : ReportFormat.parse(format);
        Optional<PilotlightConfig> parsed = config == null ? Optional.empty() : Optional.of(readConfig());
        Path state = stateDir != null ? stateDir : DaemonCommand.defaultStateDir(top.environment());
        Optional<RunJournal> journal = Files.isDirectory(state) ? Optional.of(new RunJournal(state)) : Optional.empty();
        ReportInputs inputs = parsed.isPresent() ? fromConfig(parsed.get(), journal) : fromRepo(journal);
        if (journal.isEmpty()) {
            List<String> notes = new ArrayList<>(List.of("no run history at " + state.resolve(RunJournal.FILE_NAME)
                    + " on this host: runs, failures and bytes moved come from the points kept only"));
            notes.addAll(inputs.notes().stream().filter(note -> !note.startsWith("no run history was given")).toList());
            inputs = new ReportInputs(inputs.subjects(), inputs.history(), inputs.jobKinds(), inputs.sources(), notes);
        }
        Clock clock = Clock.systemUTC();
        Report report = ReportBuilder.build(inputs, Period.ending(until != null ? until : clock.instant(), since),
                clock.instant());
        write(chosen.render(report));
        return ExitCodes.OK;
    }

    private PilotlightConfig readConfig() throws IOException {
        ConfigResult result = new ConfigParser().read(config);
        result.problems().stream().map(ConfigProblem::format).forEach(top.err()::println);
        top.err().flush();
        return result.config().orElseThrow(() -> new IllegalArgumentException(config + ": "
                + result.errors().size() + " errors; see 'pilotlight config check'"));
    }

    private ReportInputs fromConfig(PilotlightConfig parsed, Optional<RunJournal> journal) throws IOException {
        Map<String, Repository> repositories = new LinkedHashMap<>();
        Map<String, String> locations = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        List<ConfiguredRepository> openers = new ArrayList<>();
        try {
            for (var repository : parsed.repositories().values()) {
                ConfiguredRepository opener = new ConfiguredRepository(repository, top.storeStack(), top.environment());
                openers.add(opener);
                locations.put(repository.name(), repository.location());
                try {
                    repositories.put(repository.name(), opener.open());
                } catch (IOException | RuntimeException e) {
                    notes.add("repository " + repository.name() + " cannot be opened: " + e.getMessage());
                }
            }
            ReportInputs inputs = new ReportReader(repositories, locations, journal)
                    .read(ConfiguredReports.scope(parsed, Optional.ofNullable(rpo)));
            notes.addAll(inputs.notes());
            return new ReportInputs(inputs.subjects(), inputs.history(), inputs.jobKinds(), inputs.sources(), notes);
        } finally {
            for (ConfiguredRepository opener : openers) {
                opener.close();
            }
        }
    }

    private ReportInputs fromRepo(Optional<RunJournal> journal) throws IOException {
        try (ObjectStore store = top.openExistingStore()) {
            Repository repository = top.openRepository(store);
            return new ReportReader(Map.of("repo", repository), Map.of("repo", top.repoLocation().toString()), journal)
                    .read(ReportScope.discover(Optional.ofNullable(rpo)));
        }
    }

    /** To stdout, or to {@code --out} through a temporary file beside it. */
    private void write(String rendered) throws IOException {
        if (out == null) {
            top.out().print(rendered);
            top.out().flush();
            return;
        }
        Path absolute = out.toAbsolutePath();
        Path temporary = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
        try {
            Files.writeString(temporary, rendered, StandardCharsets.UTF_8);
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        top.note("report written to " + absolute);
    }
}
