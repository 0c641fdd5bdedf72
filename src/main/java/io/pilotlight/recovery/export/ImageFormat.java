package io.pilotlight.recovery.export;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Image formats {@code export} writes through {@code qemu-img convert -O <name>}. */
public enum ImageFormat {
    RAW("raw"),
    QCOW2("qcow2"),
    VMDK("vmdk"),
    VHDX("vhdx");

    private final String qemuName;

    ImageFormat(String qemuName) {
        this.qemuName = qemuName;
    }

    /** The name {@code qemu-img} knows the format by. */
    public String qemuName() {
        return qemuName;
    }

    /** The format named {@code name} (any case), or an error listing the valid names. */
    public static ImageFormat parse(String name) {
        for (ImageFormat format : values()) {
            if (format.qemuName.equalsIgnoreCase(name.trim())) {
                return format;
            }
        }
        throw new IllegalArgumentException("image format '" + name + "' is not one of " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(ImageFormat::qemuName).collect(Collectors.joining(", "));
    }
}
