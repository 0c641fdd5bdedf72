package io.pilotlight.cli.config;

import io.pilotlight.retention.RetentionPolicy;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * A {@code retention} mapping: the {@code --keep-*} options of {@code forget} without the dashes
 * ({@code keep-daily: 7}, {@code keep-within: 2d}), read by {@link RetentionPolicy#with}; see docs/retention.md.
 */
final class RetentionSection {
    private RetentionSection() {}

    static ValueReader<RetentionPolicy> reader() {
        return RetentionSection::read;
    }

    private static Optional<RetentionPolicy> read(Node node, String path, Problems problems) {
        Optional<MappingReader> reader = MappingReader.of(node, path, problems, "e.g. retention: {keep-daily: 7}");
        if (reader.isEmpty()) {
            return Optional.empty();
        }
        MappingReader mapping = reader.get();
        RetentionPolicy policy = RetentionPolicy.EMPTY;
        boolean valid = true;
        for (String option : RetentionPolicy.options()) {
            String key = option.substring(2);
            Optional<Node> value = mapping.value(key);
            if (value.isPresent()) {
                Optional<RetentionPolicy> with = withOption(policy, option, value.get(), mapping.child(key), problems);
                valid &= with.isPresent();
                policy = with.orElse(policy);
            }
        }
        mapping.finish();
        if (valid && policy.isEmpty() && mapping.node().getValue().isEmpty()) {
            problems.error(node, path, "retention has no rule", "give at least one keep-* key, or leave retention out"
                    + " to keep every point");
            return Optional.empty();
        }
        return valid ? Optional.of(policy) : Optional.empty();
    }

    private static Optional<RetentionPolicy> withOption(RetentionPolicy policy, String option, Node value, String path,
            Problems problems) {
        if (!(value instanceof ScalarNode scalar) || Scalars.isNull(value)) {
            problems.error(value, path, "must be a count or a window, got " + Scalars.kind(value), "");
            return Optional.empty();
        }
        try {
            return Optional.of(policy.with(option, scalar.getValue()));
        } catch (IllegalArgumentException e) {
            String hint = option.startsWith("--keep-within") ? "a window such as 36h, 7d, 2w, 1y6mo (minutes: min)"
                    : "a count >= 1, or unlimited";
            problems.error(value, path, e.getMessage().replace("--keep-", "keep-"), hint);
            return Optional.empty();
        }
    }
}
