package io.pilotlight.cli.config;

import io.pilotlight.recovery.drill.DrillOptions.Accelerator;
import io.pilotlight.recovery.drill.DrillOptions.PortCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** {@code drills}: which disk or group each boots, when, and what it checks (docs/configuration.md). */
final class DrillSection {
    static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofMinutes(2);
    static final long DEFAULT_MEMORY = 256L << 20;
    private static final Pattern MEMORY = Pattern.compile("([0-9]{1,6})(M|G|MiB|GiB)");

    private DrillSection() {}

    static Map<String, DrillConfig> read(MappingReader top, ParseContext context, Set<String> disks,
            Set<String> groups) {
        return NamedSection.read(top, "drills", "drill", "e.g. drills: {web1-boots: {disk: web1, schedule: ...}}",
                (name, drill) -> {
                    Optional<String> disk = drill.optional("disk", FollowerSection.known("disk", disks));
                    Optional<String> group = drill.optional("group", FollowerSection.known("group", groups));
                    boolean bothOrNeither = drill.has("disk") == drill.has("group");
                    if (bothOrNeither) {
                        context.problems().error(drill.node(), drill.path(), "a drill needs exactly one of 'disk' and"
                                + " 'group'", "disk: NAME boots one disk, group: NAME boots a group as one VM");
                    }
                    Optional<String> repository = context.repository(drill);
                    ZoneId zone = context.zone(drill);
                    Optional<Schedule> schedule = context.schedule(drill, zone);
                    Optional<Pattern> heartbeat = drill.optional("heartbeat", Scalars.scalar("a regular expression",
                            text -> regex("heartbeat", text)));
                    Optional<List<PortCheck>> ports = drill.optional("ports", DrillSection::ports);
                    Duration checkTimeout = drill.optional("check-timeout", Scalars.duration())
                            .orElse(DEFAULT_CHECK_TIMEOUT);
                    Duration timeout = drill.optional("timeout", Scalars.duration()).orElse(
                            checkTimeout.multipliedBy(ports.map(List::size).orElse(0) + 1L).plusSeconds(60));
                    long memory = drill.optional("memory", Scalars.scalar("a size such as 512M or 2G",
                            DrillSection::memory)).orElse(DEFAULT_MEMORY);
                    Accelerator accelerator = drill.optional("accelerator", Scalars.choice(List.of("auto", "kvm",
                            "tcg"))).map(value -> Accelerator.valueOf(value.toUpperCase(Locale.ROOT)))
                            .orElse(Accelerator.AUTO);
                    Optional<Path> work = drill.optional("work-directory", Scalars.absolutePath());
                    if (bothOrNeither || (disk.isEmpty() && group.isEmpty()) || repository.isEmpty()
                            || schedule.isEmpty() || invalid(drill, heartbeat, ports)) {
                        return Optional.empty();
                    }
                    return Optional.of(new DrillConfig(name, disk, group, repository.get(), schedule.get(), heartbeat,
                            ports.orElse(List.of()), checkTimeout, timeout, memory, accelerator, work));
                });
    }

    /** Whether an optional key was given but could not be read (it is reported already). */
    private static boolean invalid(MappingReader drill, Optional<?> heartbeat, Optional<?> ports) {
        return (drill.has("heartbeat") && heartbeat.isEmpty()) || (drill.has("ports") && ports.isEmpty());
    }

    /** {@code ports: [22, "7777=PILOTLIGHT-MARKER"]}: guest ports, each with an optional regex its answer must match. */
    private static Optional<List<PortCheck>> ports(Node node, String path, Problems problems) {
        if (!(node instanceof SequenceNode list) || list.getValue().isEmpty()) {
            problems.error(node, path, "must be a non-empty list of guest ports, got " + Scalars.kind(node),
                    "e.g. ports: [22, \"8080=HTTP/1\\\\.1\"] (PORT or PORT=REGEX the answer must match)");
            return Optional.empty();
        }
        List<Optional<PortCheck>> checks = list.getValue().stream().map(item -> Scalars.scalar("PORT or PORT=REGEX",
                DrillSection::port).read(item, path, problems)).toList();
        return checks.stream().allMatch(Optional::isPresent)
                ? Optional.of(checks.stream().map(Optional::get).toList()) : Optional.empty();
    }

    private static PortCheck port(String text) {
        int equals = text.indexOf('=');
        String number = equals < 0 ? text : text.substring(0, equals);
        if (!number.matches("[0-9]{1,5}") || Integer.parseInt(number) < 1 || Integer.parseInt(number) > 65535) {
            throw new InvalidValue("port '" + number + "' is not a TCP port from 1 to 65535", "e.g. 22 or 8080=HTTP");
        }
        return new PortCheck(Integer.parseInt(number), equals < 0 ? Optional.empty()
                : Optional.of(regex("port " + number, text.substring(equals + 1))));
    }

    private static Pattern regex(String what, String text) {
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new InvalidValue(what + ": '" + text + "' is not a regular expression: " + e.getDescription(),
                    "Java regex syntax; quote the value in YAML and double its backslashes");
        }
    }

    private static long memory(String text) {
        java.util.regex.Matcher matcher = MEMORY.matcher(text);
        if (!matcher.matches()) {
            throw new InvalidValue("memory '" + text + "' is not a size", "e.g. 512M or 2G (M and MiB, G and GiB"
                    + " are binary units)");
        }
        long bytes = Long.parseLong(matcher.group(1)) << (matcher.group(2).startsWith("G") ? 30 : 20);
        if (bytes < DEFAULT_MEMORY / 4) {
            throw new InvalidValue("memory " + text + " is below the 64M a guest needs", "e.g. 256M");
        }
        return bytes;
    }
}
