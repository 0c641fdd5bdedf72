package io.pilotlight.cli.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * What every section needs: the problems so far, the default zone, the repository names the file
 * declares (valid or not, so one bad repository does not make every disk naming it wrong too), and
 * the schedule syntax.
 */
record ParseContext(Problems problems, ZoneId zone, List<String> repositories, ScheduleSyntax syntax) {
    ParseContext {
        repositories = List.copyOf(repositories);
    }

    /** The {@code repository} key of {@code mapping}: a declared name, or the only repository when left out. */
    Optional<String> repository(MappingReader mapping) {
        Optional<Node> value = mapping.value("repository");
        if (value.isPresent()) {
            Optional<String> name = Scalars.name("repository").read(value.get(), mapping.child("repository"), problems);
            if (name.isPresent() && !repositories.contains(name.get())) {
                problems.error(value.get(), mapping.child("repository"), "unknown repository '" + name.get() + "'",
                        repositories.isEmpty() ? "declare it under repositories"
                                : "repositories in this file: " + String.join(", ", repositories));
                return Optional.empty();
            }
            return name;
        }
        if (repositories.size() == 1) {
            return Optional.of(repositories.get(0));
        }
        problems.error(mapping.node(), mapping.child("repository"), "missing required key 'repository'",
                repositories.isEmpty() ? "declare a repository under repositories"
                        : "the file has several repositories, name one of: " + String.join(", ", repositories));
        return Optional.empty();
    }

    /** The {@code zone} key of {@code mapping}, else the file's default zone. */
    ZoneId zone(MappingReader mapping) {
        return mapping.optional("zone", Scalars.zone()).orElse(zone);
    }

    /** The required {@code schedule} key of {@code mapping}, checked by the syntax. */
    Optional<Schedule> schedule(MappingReader mapping, ZoneId scheduleZone) {
        return mapping.required("schedule", Scalars.scalar("a schedule such as 'every 15m' or 'daily 02:00'", text -> {
            syntax.check(text);
            return new Schedule(text, scheduleZone);
        }), "e.g. schedule: every 15m");
    }

    /** Warns when {@code limit} (an RPO or target lag) is shorter than {@code every}: it is then missed routinely. */
    void warnIfShorter(MappingReader mapping, String key, Optional<Duration> limit, Optional<Duration> every,
            String what) {
        if (limit.isPresent() && every.isPresent() && limit.get().compareTo(every.get()) < 0) {
            Node node = mapping.value(key).orElse(mapping.node());
            problems.warning(node, mapping.child(key), key + " " + ConfigDuration.format(limit.get())
                    + " is shorter than the " + what + " " + ConfigDuration.format(every.get())
                    + ": it will be missed between runs", "make " + key + " at least the " + what);
        }
    }
}
