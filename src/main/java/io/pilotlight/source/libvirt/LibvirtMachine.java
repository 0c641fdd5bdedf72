package io.pilotlight.source.libvirt;

import static java.util.Objects.requireNonNull;

import io.pilotlight.source.MachineSession;
import io.pilotlight.source.MachineSource;
import java.io.IOException;

/** A libvirt domain as a machine: each session is one pull-mode backup ({@link LibvirtBackup}). */
public record LibvirtMachine(LibvirtTarget target) implements MachineSource {
    public LibvirtMachine {
        requireNonNull(target, "target is null");
    }

    /** The machine {@code libvirt://[URI]/DOMAIN} names. */
    public static LibvirtMachine parse(String uri) {
        return new LibvirtMachine(LibvirtTarget.parse(uri));
    }

    @Override
    public String uri() {
        return target.uri();
    }

    @Override
    public MachineSession open() throws IOException {
        return LibvirtBackup.begin(target);
    }
}
