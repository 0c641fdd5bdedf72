package io.pilotlight.cli.config;

import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads one value node at a key path: the value, or empty after reporting why not to {@code problems}. */
@FunctionalInterface
interface ValueReader<T> {
    Optional<T> read(Node node, String path, Problems problems);
}
