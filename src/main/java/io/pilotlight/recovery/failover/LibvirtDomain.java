package io.pilotlight.recovery.failover;

import io.pilotlight.exec.Command;
import io.pilotlight.exec.ProcessRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A failover's libvirt domain, driven through {@code virsh -c URI}: defined from {@link DomainXml}
 * (the XML kept in the state directory), started, shut down (ACPI) with {@code destroy} after the
 * grace period, and undefined when stopped, so the next failover can define it again.
 */
final class LibvirtDomain {
    static final String PROGRAM = "virsh";
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private final String uri;
    private final String name;

    private LibvirtDomain(String uri, String name) {
        this.uri = uri;
        this.name = name;
    }

    static LibvirtDomain of(String uri, String name) {
        return new LibvirtDomain(uri, name);
    }

    /** Writes {@code domain.xml} into {@code directory} and defines it at {@code options.libvirt()}. */
    static LibvirtDomain define(FailoverOptions options, List<FailoverState.Disk> disks,
            List<io.pilotlight.recovery.drill.Drive> drives, Path directory, String accelerator) throws IOException {
        Path xml = directory.resolve("domain.xml");
        Files.writeString(xml, DomainXml.of(options, disks, drives, directory, accelerator), StandardCharsets.UTF_8);
        LibvirtDomain domain = new LibvirtDomain(options.libvirt().orElseThrow(), DetachedVm.domainName(options));
        domain.virsh("define", xml.toString());
        return domain;
    }

    String uri() {
        return uri;
    }

    String name() {
        return name;
    }

    void start() throws IOException {
        virsh("start", name);
    }

    /** Whether the domain runs (defined and not shut off); false when virsh cannot tell. */
    boolean isActive() {
        try {
            String state = virsh("domstate", name).strip();
            return !state.isEmpty() && !state.equals("shut off");
        } catch (IOException e) {
            return false;
        }
    }

    /** Shuts it down (ACPI), destroys it after {@code grace}, undefines it; whether it shut down itself. */
    boolean stop(Duration grace) throws IOException {
        boolean graceful = true;
        if (isActive()) {
            virsh("shutdown", name);
            long deadline = System.nanoTime() + grace.toNanos();
            while (isActive() && System.nanoTime() < deadline) {
                DetachedVm.pause(Duration.ofMillis(500));
            }
            if (isActive()) {
                graceful = false;
                virsh("destroy", name);
            }
        }
        try {
            virsh("undefine", name);
        } catch (IOException e) {
            // not defined (any more): nothing to undefine
        }
        return graceful;
    }

    private String virsh(String... arguments) throws IOException {
        List<String> line = new ArrayList<>(List.of("-c", uri));
        line.addAll(List.of(arguments));
        return ProcessRunner.run(Command.of(PROGRAM, line).withTimeout(LIMIT).withTailLines(3)
                .withInstall("install it with: apt-get install libvirt-clients"));
    }
}
