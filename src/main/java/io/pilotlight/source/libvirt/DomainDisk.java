package io.pilotlight.source.libvirt;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One {@code <disk>} of a domain's XML: its target ({@code vda}), device ({@code disk}, {@code cdrom}),
 * image format ({@code qcow2}, {@code raw}) and whether it is read-only or shareable.
 */
record DomainDisk(String target, String device, String format, boolean readOnly, boolean shareable) {
    DomainDisk {
        requireNonNull(target, "target is null");
        requireNonNull(device, "device is null");
        requireNonNull(format, "format is null");
    }

    /** Why this disk is not backed up at all, if it is not (a CD-ROM, read-only or shareable disk). */
    Optional<String> skipped() {
        if (!device.equals("disk")) {
            return Optional.of("a " + device + ", not a disk");
        }
        if (readOnly) {
            return Optional.of("read-only");
        }
        return shareable ? Optional.of("shareable") : Optional.empty();
    }

    /** Whether libvirt can keep a checkpoint bitmap on it (qcow2 only). */
    boolean checkpointable() {
        return format.equals("qcow2");
    }
}
