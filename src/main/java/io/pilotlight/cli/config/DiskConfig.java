package io.pilotlight.cli.config;

import static java.util.Objects.requireNonNull;

/** A protected disk: its name in the repository, its source URI ({@code io.pilotlight.source.SourceUri}). */
public record DiskConfig(String name, String source, Protection protection) {
    public DiskConfig {
        Scalars.checkName("disk", requireNonNull(name, "name is null"));
        requireNonNull(source, "source is null");
        requireNonNull(protection, "protection is null");
    }
}
