package io.pilotlight.cli.config;

import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/** {@code limits}: how many jobs the daemon runs at once, in all and per repository ({@link Limits}). */
final class LimitsSection {
    private LimitsSection() {}

    static Limits read(MappingReader top) {
        Optional<Node> node = top.value("limits");
        if (node.isEmpty()) {
            return Limits.DEFAULT;
        }
        Optional<MappingReader> reader = MappingReader.of(node.get(), top.child("limits"), top.problems(),
                "e.g. limits: {jobs: 4, per-repository: 1}");
        if (reader.isEmpty()) {
            return Limits.DEFAULT;
        }
        MappingReader limits = reader.get();
        int jobs = limits.optional("jobs", count()).orElse(Limits.DEFAULT.jobs());
        int perRepository = limits.optional("per-repository", count()).orElse(Limits.DEFAULT.perRepository());
        limits.finish();
        if (perRepository > jobs) {
            top.problems().error(limits.value("per-repository").orElse(limits.node()),
                    limits.child("per-repository"), "per-repository " + perRepository + " is more than jobs " + jobs,
                    "per-repository can be at most jobs");
            return Limits.DEFAULT;
        }
        return new Limits(jobs, perRepository);
    }

    private static ValueReader<Integer> count() {
        return Scalars.scalar("a whole number from 1 to " + Limits.MAX, value -> {
            try {
                int count = Integer.parseInt(value);
                if (count >= 1 && count <= Limits.MAX) {
                    return count;
                }
            } catch (NumberFormatException e) {
                // named below
            }
            throw new InvalidValue("'" + value + "' is not a whole number from 1 to " + Limits.MAX,
                    "e.g. jobs: 4; per-repository: 2 lets two writers of one repository run at once");
        });
    }
}
