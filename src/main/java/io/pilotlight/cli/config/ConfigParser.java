package io.pilotlight.cli.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads {@code pilotlight.yaml} (docs/configuration.md) into a {@link PilotlightConfig}, reporting every
 * problem in one pass, each with {@code FILE:LINE:COLUMN}, the key path, the rule and a hint.
 */
public final class ConfigParser {
    private final ScheduleSyntax syntax;

    public ConfigParser(ScheduleSyntax syntax) {
        this.syntax = requireNonNull(syntax, "syntax is null");
    }

    /** A parser checking schedules by keyword and shape only ({@link KeywordScheduleSyntax}). */
    public ConfigParser() {
        this(new KeywordScheduleSyntax());
    }

    /** Parses {@code file}, named in problems as given. */
    public ConfigResult read(Path file) throws IOException {
        return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    public ConfigResult parse(String fileName, String text) {
        Problems problems = new Problems(fileName);
        Optional<Node> root = compose(text, problems);
        if (root.isEmpty()) {
            if (!problems.hasErrors()) {
                problems.errorAtStart("the file holds no configuration", "start from the example in docs/configuration.md");
            }
            return new ConfigResult(Optional.empty(), problems.all());
        }
        Optional<PilotlightConfig> config = MappingReader.of(root.get(), "", problems,
                "the file is a mapping of top-level keys: zone, repositories, disks, ...").flatMap(top -> top(top));
        return new ConfigResult(problems.hasErrors() ? Optional.empty() : config, problems.all());
    }

    private Optional<PilotlightConfig> top(MappingReader top) {
        ZoneId zone = top.optional("zone", Scalars.zone()).orElse(ZoneOffset.UTC);
        Set<String> repositoryNames = NamedSection.declared(top, "repositories");
        if (!top.has("repositories")) {
            top.problems().error(top.node(), "repositories", "missing required key 'repositories'",
                    "declare at least one: repositories: {main: {location: /srv/pilotlight}}");
        } else if (repositoryNames.isEmpty() && isEmpty(top.value("repositories").get())) {
            top.problems().error(top.value("repositories").get(), "repositories", "repositories is empty",
                    "declare at least one: repositories: {main: {location: /srv/pilotlight}}");
        }
        ParseContext context = new ParseContext(top.problems(), zone, List.copyOf(repositoryNames), syntax);
        Map<String, RepositoryConfig> repositories = RepositorySection.read(top);
        Map<String, DiskConfig> disks = DiskSection.read(top, context);
        Map<String, GroupConfig> groups = GroupSection.read(top, context);
        Set<String> diskNames = new LinkedHashSet<>(NamedSection.declared(top, "disks"));
        groups.values().forEach(group -> diskNames.addAll(group.diskNames()));
        Map<String, FollowerConfig> followers = FollowerSection.read(top, context, diskNames,
                NamedSection.declared(top, "groups"));
        Map<String, VerifyJob> verifyJobs = JobSection.verify(top, context);
        Map<String, PruneJob> pruneJobs = JobSection.prune(top, context);
        Map<String, DrillConfig> drills = DrillSection.read(top, context, diskNames,
                NamedSection.declared(top, "groups"));
        Map<String, CloudSyncConfig> cloudSyncs = CloudSyncSection.read(top, context, diskNames,
                NamedSection.declared(top, "groups"));
        ListenerConfig listener = ListenerSection.read(top);
        Limits limits = LimitsSection.read(top);
        AlertsConfig alerts = AlertsSection.read(top);
        Map<String, ReportConfig> reports = ReportSection.read(top, context, alerts.channels());
        JobNames.check(top);
        top.finish();
        return Optional.of(new PilotlightConfig(zone, repositories, disks, groups, followers, verifyJobs, pruneJobs,
                drills, cloudSyncs, listener, limits, reports, alerts));
    }

    private static boolean isEmpty(Node node) {
        return Scalars.isNull(node) || (node instanceof MappingNode mapping && mapping.getValue().isEmpty());
    }

    private static Optional<Node> compose(String text, Problems problems) {
        LoadSettings settings = LoadSettings.builder().setAllowDuplicateKeys(true).setMaxAliasesForCollections(50)
                .build();
        try {
            return new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            String context = e.getContext() == null ? "" : e.getContext();
            e.getProblemMark().or(e::getContextMark).ifPresentOrElse(
                    mark -> problems.error(mark, "", "YAML syntax: " + e.getProblem(), context),
                    () -> problems.errorAtStart("YAML syntax: " + e.getProblem(), context));
        } catch (YamlEngineException e) {
            problems.errorAtStart("YAML syntax: " + e.getMessage(), "");
        }
        return Optional.empty();
    }
}
