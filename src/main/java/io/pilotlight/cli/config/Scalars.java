package io.pilotlight.cli.config;

import io.pilotlight.repo.Repository;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** Readers of plain values: text, names, durations, zones, booleans, counts, paths. */
final class Scalars {
    private Scalars() {}

    /** What a node is, for messages: {@code a mapping}, {@code a list}, {@code text 'x'}, {@code no value}. */
    static String kind(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return isNull(node) ? "no value" : "a single value";
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
    }

    /**
     * A reader of one scalar turned into a value by {@code convert}, which throws an
     * {@link IllegalArgumentException} (an {@link InvalidValue} for a hint) naming the rule broken.
     */
    static <T> ValueReader<T> scalar(String expected, Function<String, T> convert) {
        return (node, path, problems) -> {
            if (!(node instanceof ScalarNode scalar) || isNull(node)) {
                problems.error(node, path, "must be " + expected + ", got " + kind(node), "");
                return Optional.empty();
            }
            try {
                return Optional.of(convert.apply(scalar.getValue()));
            } catch (InvalidValue e) {
                problems.error(node, path, e.getMessage(), e.hint());
            } catch (IllegalArgumentException e) {
                problems.error(node, path, e.getMessage(), "");
            }
            return Optional.empty();
        };
    }

    static ValueReader<String> text() {
        return scalar("text", value -> {
            if (value.isBlank()) {
                throw new InvalidValue("is empty", "give a value or leave the key out");
            }
            return value;
        });
    }

    /** A disk, group, repository or job name, by the repository's disk-name rule. */
    static ValueReader<String> name(String what) {
        return scalar("a " + what + " name", value -> checkName(what, value));
    }

    static String checkName(String what, String value) {
        try {
            return Repository.checkDisk(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidValue(what + " name '" + value + "' breaks the naming rule",
                    "must match " + Repository.DISK_RULE + ": lower-case letters, digits, '.', '_', '-'; at most 64");
        }
    }

    static ValueReader<Duration> duration() {
        return scalar("a duration such as 15m, 2h or 7d", ConfigDuration::parse);
    }

    static ValueReader<ZoneId> zone() {
        return scalar("a time zone such as UTC or Europe/Berlin", value -> {
            try {
                return ZoneId.of(value);
            } catch (DateTimeException e) {
                throw new InvalidValue("unknown time zone '" + value + "'",
                        "use a region id such as Europe/Berlin or America/New_York, or UTC");
            }
        });
    }

    static ValueReader<Boolean> bool() {
        return scalar("true or false", value -> switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidValue("'" + value + "' is not a boolean", "write true or false");
        });
    }

    /** An absolute path: the daemon's working directory is not the file's. */
    static ValueReader<Path> absolutePath() {
        return scalar("an absolute path", value -> {
            if (!value.startsWith("/")) {
                throw new InvalidValue("path '" + value + "' is not absolute", "write it from the root, /like/this");
            }
            return Path.of(value);
        });
    }

    static ValueReader<String> choice(List<String> choices) {
        return scalar("one of " + String.join(", ", choices), value -> {
            if (!choices.contains(value)) {
                throw new InvalidValue("'" + value + "' is not one of " + String.join(", ", choices),
                        NearestKey.to(value, choices).map(near -> "did you mean '" + near + "'?").orElse(""));
            }
            return value;
        });
    }

    static ValueReader<List<String>> textList() {
        return (node, path, problems) -> {
            if (node instanceof ScalarNode) {
                return text().read(node, path, problems).map(value -> List.of(value.trim().split(" +")));
            }
            if (!(node instanceof SequenceNode sequence)) {
                problems.error(node, path, "must be a list of text, got " + kind(node), "");
                return Optional.empty();
            }
            List<Optional<String>> items = sequence.getValue().stream()
                    .map(item -> text().read(item, path, problems)).toList();
            return items.stream().allMatch(Optional::isPresent)
                    ? Optional.of(items.stream().map(Optional::get).toList()) : Optional.empty();
        };
    }
}
