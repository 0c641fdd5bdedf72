package io.pilotlight.cli;

import io.pilotlight.recovery.drill.DrillOptions.Accelerator;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Option;

/**
 * How {@code drill} and {@code failover} boot a guest on this host: memory, accelerator, firmware,
 * and the serial console line that marks it up. A picocli mixin; each command supplies its own
 * defaults where they differ.
 */
final class GuestBootOptions {
    static final Path OVMF = Path.of("/usr/share/OVMF/OVMF_CODE.fd");

    @Option(names = "--memory", paramLabel = "SIZE", converter = ByteSize.Converter.class,
            description = "Guest memory (default: a libvirt group's saved domain's, else 256M for a drill, 512M for a"
                    + " failover).")
    Long memory;

    @Option(names = "--accel", paramLabel = "auto|kvm|tcg", defaultValue = "auto", description = "Accelerator:"
            + " kvm, tcg, or auto (default): KVM when /dev/kvm exists and runs the VM, else TCG.")
    String accel;

    @Option(names = "--uefi", description = "Boot with UEFI firmware (OVMF, /usr/share/OVMF/OVMF_CODE.fd) instead"
            + " of BIOS.")
    boolean uefi;

    @Option(names = "--heartbeat", paramLabel = "REGEX", description = "A serial console line that marks the guest up"
            + " (default: 'PILOTLIGHT-HEARTBEAT|login:'; the guest's console must be on ttyS0).")
    String heartbeat;

    /** {@code --memory}, else {@code fallback}. */
    long memory(long fallback) {
        return memory == null ? fallback : memory;
    }

    /** Whether no {@code --memory} was given (a libvirt group's saved domain may then say). */
    boolean memoryUnset() {
        return memory == null;
    }

    Accelerator accelerator() {
        return accelerator(accel);
    }

    static Accelerator accelerator(String text) {
        try {
            return Accelerator.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--accel '" + text + "': expected auto, kvm or tcg");
        }
    }

    /**
     * With {@code --uefi}, the OVMF firmware code file, which must exist on this host; else empty.
     * A firmware {@code libvirt} (a libvirt URI, if any) reaches on another host is not looked for here.
     */
    Optional<Path> firmware(Optional<String> libvirt) {
        return firmware(OVMF, libvirt);
    }

    Optional<Path> firmware(Path ovmf, Optional<String> libvirt) {
        if (!uefi) {
            return Optional.empty();
        }
        if (!libvirt.map(GuestBootOptions::remote).orElse(false) && !Files.isRegularFile(ovmf)) {
            throw new IllegalArgumentException("--uefi: no UEFI firmware at " + ovmf + "; install it with: apt-get"
                    + " install ovmf");
        }
        return Optional.of(ovmf);
    }

    private static boolean remote(String libvirtUri) {
        try {
            return URI.create(libvirtUri).getHost() != null;
        } catch (IllegalArgumentException e) {
            return false; // libvirt names what is wrong with it
        }
    }

    /** {@code --heartbeat}, checked, else {@code fallback}. */
    Pattern heartbeat(Pattern fallback) {
        return heartbeat == null ? fallback : regex("--heartbeat", heartbeat);
    }

    static Pattern regex(String option, String text) {
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a regular expression: "
                    + e.getDescription());
        }
    }
}
