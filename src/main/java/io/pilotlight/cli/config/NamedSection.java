package io.pilotlight.cli.config;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** A top-level mapping of names to mappings ({@code disks}, {@code groups}, ...), each entry read by one reader. */
final class NamedSection {
    /** Reads one named entry; may throw an {@link IllegalArgumentException} from a record's constructor. */
    @FunctionalInterface
    interface EntryReader<T> {
        Optional<T> read(String name, MappingReader entry);
    }

    private NamedSection() {}

    /** The names declared under {@code key}, valid or not, for cross-checks. */
    static Set<String> declared(MappingReader parent, String key) {
        Set<String> names = new LinkedHashSet<>();
        parent.value(key).filter(node -> node instanceof MappingNode)
                .ifPresent(node -> ((MappingNode) node).getValue().forEach(tuple -> {
                    if (tuple.getKeyNode() instanceof ScalarNode scalar) {
                        names.add(scalar.getValue());
                    }
                }));
        return names;
    }

    static <T> Map<String, T> read(MappingReader parent, String key, String what, String hint, EntryReader<T> reader) {
        Map<String, T> read = new LinkedHashMap<>();
        Optional<Node> section = parent.value(key);
        if (section.isEmpty() || Scalars.isNull(section.get())) {
            return read;
        }
        Problems problems = parent.problems();
        MappingReader.of(section.get(), parent.child(key), problems, hint).ifPresent(entries -> {
            for (Map.Entry<String, NodeTuple> entry : entries.entries().entrySet()) {
                readEntry(entries, entry.getKey(), entry.getValue(), what, reader).ifPresent(value ->
                        read.put(entry.getKey(), value));
            }
        });
        return read;
    }

    private static <T> Optional<T> readEntry(MappingReader entries, String name, NodeTuple tuple, String what,
            EntryReader<T> reader) {
        Problems problems = entries.problems();
        String path = entries.child(name);
        boolean nameValid = Scalars.name(what).read(tuple.getKeyNode(), path, problems).isPresent();
        Optional<MappingReader> entry = MappingReader.of(tuple.getValueNode(), path, problems,
                "give the " + what + "'s keys indented below its name");
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        Optional<T> value = Optional.empty();
        try {
            value = reader.read(name, entry.get());
        } catch (InvalidValue e) {
            reportUnlessBadName(nameValid, problems, tuple.getValueNode(), path, e.getMessage(), e.hint());
        } catch (IllegalArgumentException e) {
            reportUnlessBadName(nameValid, problems, tuple.getValueNode(), path, e.getMessage(), "");
        }
        entry.get().finish();
        return nameValid ? value : Optional.empty();
    }

    /** A record refuses a bad name again: that is reported already, at the name. */
    private static void reportUnlessBadName(boolean nameValid, Problems problems, Node node, String path, String message,
            String hint) {
        if (nameValid) {
            problems.error(node, path, message, hint);
        }
    }
}
