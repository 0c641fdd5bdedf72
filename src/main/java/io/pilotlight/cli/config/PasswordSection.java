package io.pilotlight.cli.config;

import java.nio.file.Path;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads a repository's {@code password}: {@code none}, {@code {env: NAME}}, {@code {file: /path}} or
 * {@code {command: [program, arg...]}}; refuses a passphrase written inline (and never quotes it).
 */
final class PasswordSection {
    static final String HINT = "give it by reference: {env: VARIABLE}, {file: /path/to/file} or {command: [program,"
            + " arg...]}; or none for a plain repository";

    private PasswordSection() {}

    static ValueReader<RepositoryPassword> reader() {
        return PasswordSection::read;
    }

    private static Optional<RepositoryPassword> read(Node node, String path, Problems problems) {
        if (node instanceof ScalarNode scalar && "none".equals(scalar.getValue())) {
            return Optional.of(new RepositoryPassword.None());
        }
        if (!(node instanceof MappingNode)) {
            problems.error(node, path, "a passphrase must not be written in the file (got " + Scalars.kind(node) + ")",
                    HINT);
            return Optional.empty();
        }
        Optional<MappingReader> reader = MappingReader.of(node, path, problems, HINT);
        if (reader.isEmpty()) {
            return Optional.empty();
        }
        MappingReader mapping = reader.get();
        int given = (mapping.has("env") ? 1 : 0) + (mapping.has("file") ? 1 : 0) + (mapping.has("command") ? 1 : 0);
        Optional<RepositoryPassword> password = Optional.empty();
        if (given != 1) {
            problems.error(node, path, "a password has exactly one of 'env', 'file' and 'command'", HINT);
        } else if (mapping.has("env")) {
            password = mapping.optional("env", Scalars.scalar("a variable name", SecretRef.Env::new))
                    .map(RepositoryPassword.Reference::new);
        } else if (mapping.has("file")) {
            password = mapping.optional("file", Scalars.scalar("an absolute path",
                    value -> new SecretRef.File(Path.of(value)))).map(RepositoryPassword.Reference::new);
        } else {
            password = mapping.optional("command", Scalars.textList()).flatMap(argv -> command(argv, node, path,
                    problems));
        }
        mapping.finish();
        return password;
    }

    private static Optional<RepositoryPassword> command(java.util.List<String> argv, Node node, String path,
            Problems problems) {
        try {
            return Optional.of(new RepositoryPassword.Command(argv));
        } catch (InvalidValue e) {
            problems.error(node, path, e.getMessage(), e.hint());
            return Optional.empty();
        }
    }
}
