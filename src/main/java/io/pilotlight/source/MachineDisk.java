package io.pilotlight.source;

import static java.util.Objects.requireNonNull;

/** One disk of a machine: its name within the machine (e.g. {@code scsi0-0}) and its source. */
public record MachineDisk(String name, ChangedBlockSource source) {
    public MachineDisk {
        requireNonNull(name, "name is null");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a machine disk's name is empty");
        }
        requireNonNull(source, "source is null");
    }
}
