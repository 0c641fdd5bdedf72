package io.pilotlight.source.vsphere;

import static java.util.Objects.requireNonNull;

/**
 * One disk of an open {@link VsphereVm}: its name for the repository ({@code scsi0-0}, from the unit
 * label), its unit label ({@code scsi0:0}) and the source that reads it from the session's snapshot.
 */
public record VsphereDisk(String name, String label, VsphereDiskSource source) {
    public VsphereDisk {
        requireNonNull(name, "name is null");
        requireNonNull(label, "label is null");
        requireNonNull(source, "source is null");
    }

    /** {@code scsi0:0} → {@code scsi0-0}: a valid disk name suffix. */
    public static String nameOf(String label) {
        return label.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
    }
}
