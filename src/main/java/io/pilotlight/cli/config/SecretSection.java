package io.pilotlight.cli.config;

import java.nio.file.Path;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads a secret reference, {@code {env: NAME}} or {@code {file: /path}}; refuses a secret written inline. */
final class SecretSection {
    static final String HINT = "give it by reference: {env: VARIABLE} or {file: /path/to/file}";

    private SecretSection() {}

    static ValueReader<SecretRef> reader() {
        return SecretSection::read;
    }

    private static Optional<SecretRef> read(Node node, String path, Problems problems) {
        if (!(node instanceof MappingNode)) {
            // Never quote the node's text: it may be the secret itself.
            problems.error(node, path, "a secret must not be written in the file (got " + Scalars.kind(node) + ")",
                    HINT);
            return Optional.empty();
        }
        Optional<MappingReader> reader = MappingReader.of(node, path, problems, HINT);
        if (reader.isEmpty()) {
            return Optional.empty();
        }
        MappingReader mapping = reader.get();
        boolean env = mapping.has("env");
        boolean file = mapping.has("file");
        Optional<SecretRef> secret = Optional.empty();
        if (env == file) {
            problems.error(node, path, "a secret reference has exactly one of 'env' and 'file'", HINT);
        } else if (env) {
            secret = mapping.optional("env", Scalars.scalar("a variable name", SecretRef.Env::new));
        } else {
            secret = mapping.optional("file", Scalars.scalar("an absolute path", value -> new SecretRef.File(Path.of(value))));
        }
        mapping.finish();
        return secret;
    }
}
