package io.pilotlight.cli.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * The keys of one YAML mapping at a key path. Each key a section asks for becomes valid; {@link #finish}
 * reports every other key as unknown, with the nearest valid key and the list of them. A key given twice
 * is reported where it repeats; the first one counts.
 */
final class MappingReader {
    private final MappingNode node;
    private final String path;
    private final Problems problems;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> valid = new LinkedHashSet<>();

    private MappingReader(MappingNode node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
        for (NodeTuple tuple : node.getValue()) {
            add(tuple);
        }
    }

    /** A reader of {@code node}, or empty after reporting that it is not a mapping. */
    static Optional<MappingReader> of(Node node, String path, Problems problems, String hint) {
        if (node instanceof MappingNode mapping) {
            return Optional.of(new MappingReader(mapping, path, problems));
        }
        problems.error(node, path, "must be a mapping (KEY: VALUE lines indented below it), got " + Scalars.kind(node),
                hint);
        return Optional.empty();
    }

    private void add(NodeTuple tuple) {
        Node key = tuple.getKeyNode();
        if (!(key instanceof ScalarNode scalar)) {
            problems.error(key, path, "a key must be plain text, got " + Scalars.kind(key), "");
            return;
        }
        NodeTuple first = entries.putIfAbsent(scalar.getValue(), tuple);
        if (first != null) {
            int line = first.getKeyNode().getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
            problems.error(key, child(scalar.getValue()), "duplicate key '" + scalar.getValue() + "'",
                    "first given on line " + line + "; remove one of them");
        }
    }

    MappingNode node() {
        return node;
    }

    String path() {
        return path;
    }

    Problems problems() {
        return problems;
    }

    /** The key path of {@code key} below this mapping. */
    String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The value node of {@code key}, if given; {@code key} becomes valid. */
    Optional<Node> value(String key) {
        valid.add(key);
        return Optional.ofNullable(entries.get(key)).map(NodeTuple::getValueNode);
    }

    /** The node of {@code key} itself (for positions), if given. */
    Optional<Node> keyNode(String key) {
        return Optional.ofNullable(entries.get(key)).map(NodeTuple::getKeyNode);
    }

    boolean has(String key) {
        valid.add(key);
        return entries.containsKey(key);
    }

    <T> Optional<T> optional(String key, ValueReader<T> reader) {
        return value(key).flatMap(value -> reader.read(value, child(key), problems));
    }

    <T> Optional<T> required(String key, ValueReader<T> reader, String hint) {
        Optional<Node> value = value(key);
        if (value.isEmpty()) {
            problems.error(node, child(key), "missing required key '" + key + "'", hint);
            return Optional.empty();
        }
        return reader.read(value.get(), child(key), problems);
    }

    /** Every entry, for mappings whose keys are names (disks, groups): no key is unknown. */
    Map<String, NodeTuple> entries() {
        valid.addAll(entries.keySet());
        return Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /** Reports every key no one asked for, with the nearest valid one. */
    void finish() {
        for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
            if (!valid.contains(entry.getKey())) {
                String key = entry.getKey();
                String nearest = NearestKey.to(key, valid).map(near -> "did you mean '" + near + "'? ").orElse("");
                problems.error(entry.getValue().getKeyNode(), child(key), "unknown key '" + key + "'",
                        nearest + "valid keys: " + String.join(", ", valid));
            }
        }
    }
}
