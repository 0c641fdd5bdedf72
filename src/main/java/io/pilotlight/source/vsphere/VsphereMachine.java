package io.pilotlight.source.vsphere;

import static java.util.Objects.requireNonNull;

import io.pilotlight.source.MachineDisk;
import io.pilotlight.source.MachineSession;
import io.pilotlight.source.MachineSource;
import java.io.IOException;
import java.util.List;

/** A vSphere VM as a machine: each session is a {@link VsphereVm} (one snapshot, removed on close). */
public record VsphereMachine(VsphereTarget target, VsphereOptions options) implements MachineSource {
    public VsphereMachine {
        requireNonNull(target, "target is null");
        requireNonNull(options, "options is null");
    }

    @Override
    public String uri() {
        return target.uri();
    }

    @Override
    public MachineSession open() throws IOException {
        VsphereVm vm = VsphereVm.open(target, options);
        return new MachineSession() {
            @Override
            public List<MachineDisk> disks() {
                return vm.disks().stream().map(disk -> new MachineDisk(disk.name(), disk.source())).toList();
            }

            @Override
            public List<String> warnings() {
                return vm.warnings();
            }

            @Override
            public void close() throws IOException {
                vm.close();
            }
        };
    }
}
