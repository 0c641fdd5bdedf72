package io.pilotlight.vsphere;

import static io.pilotlight.vsphere.SoapXml.element;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One VM on a {@link VsphereClient}: its disks, change tracking, snapshots and CBT queries. Every fault
 * is reported naming the VM (and the disk, for disk calls).
 */
public final class VirtualMachine {
    private final VsphereClient client;
    private final MoRef ref;
    private final String name;

    public VirtualMachine(VsphereClient client, MoRef ref, String name) {
        this.client = requireNonNull(client, "client is null");
        this.ref = requireNonNull(ref, "ref is null");
        this.name = requireNonNull(name, "name is null");
    }

    public MoRef ref() {
        return ref;
    }

    public String name() {
        return name;
    }

    /** What a backup needs to know of the VM at one moment. */
    public record State(boolean changeTrackingEnabled, List<VirtualDisk> disks, List<Snapshot> snapshots) {
        public State {
            disks = List.copyOf(disks);
            snapshots = List.copyOf(snapshots);
        }
    }

    /** Reads {@code config.changeTrackingEnabled}, {@code config.hardware.device} and {@code snapshot}. */
    public State state() throws IOException {
        ObjectContent vm = call("RetrievePropertiesEx", Optional.empty(), () -> client.properties(ref,
                "config.changeTrackingEnabled", "config.hardware.device", "snapshot"));
        List<VirtualDisk> disks = vm.property("config.hardware.device").map(VirtualDisk::fromDevices)
                .orElse(List.of());
        List<Snapshot> snapshots = vm.property("snapshot").map(Snapshot::fromSnapshotInfo).orElse(List.of());
        return new State(vm.text("config.changeTrackingEnabled").map(Boolean::parseBoolean).orElse(false), disks,
                snapshots);
    }

    /** The disks of a snapshot's configuration: their backing is the frozen file, their changeId its CBT id. */
    public List<VirtualDisk> snapshotDisks(MoRef snapshot) throws IOException {
        ObjectContent content = call("RetrievePropertiesEx", Optional.empty(),
                () -> client.properties(snapshot, "config.hardware.device"));
        return content.property("config.hardware.device").map(VirtualDisk::fromDevices).orElse(List.of());
    }

    /** Turns on changed block tracking (ReconfigVM_Task); it takes effect at the next snapshot. */
    public void enableChangeTracking(Duration timeout) throws IOException {
        call("ReconfigVM_Task", Optional.empty(), () -> client.runTask("ReconfigVM_Task", ref.xml("_this")
                + "<spec>" + element("changeTrackingEnabled", true) + "</spec>", timeout));
    }

    /** Creates a snapshot without memory; returns its reference. */
    public MoRef createSnapshot(String snapshotName, String description, boolean quiesce, Duration timeout)
            throws IOException {
        Optional<XmlElement> result = call("CreateSnapshot_Task", Optional.empty(), () -> client.runTask(
                "CreateSnapshot_Task", ref.xml("_this") + element("name", snapshotName)
                        + element("description", description) + element("memory", false) + element("quiesce", quiesce),
                timeout));
        return result.orElseThrow(() -> new IOException("vSphere CreateSnapshot_Task on VM '" + name
                + "' succeeded without naming the snapshot")).moRef();
    }

    /** Removes one snapshot (not its children), consolidating its disks. */
    public void removeSnapshot(MoRef snapshot, Duration timeout) throws IOException {
        call("RemoveSnapshot_Task", Optional.empty(), () -> client.runTask("RemoveSnapshot_Task",
                snapshot.xml("_this") + element("removeChildren", false) + element("consolidate", true), timeout));
    }

    /**
     * The areas of {@code disk} (in {@code snapshot}) that changed since {@code changeId} ({@code *}: every
     * area in use), asking page by page from offset 0 until the disk's end.
     */
    public List<DiskArea> changedDiskAreas(MoRef snapshot, VirtualDisk disk, String changeId) throws IOException {
        List<DiskArea> areas = new ArrayList<>();
        long offset = 0;
        while (offset < disk.capacityInBytes()) {
            long start = offset;
            XmlElement response = call("QueryChangedDiskAreas", Optional.of(disk.label()), () -> client.invoke(
                    "QueryChangedDiskAreas", ref.xml("_this") + snapshot.xml("snapshot") + element("deviceKey", disk.key())
                            + element("startOffset", start) + element("changeId", changeId)));
            DiskChangeInfo page = DiskChangeInfo.fromReturnValue(VsphereClient.returnValue(response,
                    "QueryChangedDiskAreas"));
            long end = page.startOffset() + page.length();
            if (page.startOffset() > offset || end <= offset) {
                throw new IOException("vSphere QueryChangedDiskAreas on VM '" + name + "' disk " + disk.label()
                        + ": asked from offset " + offset + ", the answer covers " + page.startOffset() + " + "
                        + page.length() + "; cannot go on");
            }
            for (DiskArea area : page.areas()) {
                if (area.length() > 0 && area.start() < disk.capacityInBytes()) {
                    areas.add(new DiskArea(area.start(), Math.min(area.end(), disk.capacityInBytes()) - area.start()));
                }
            }
            offset = end;
        }
        return List.copyOf(areas);
    }

    /**
     * The inventory path of the VM's datacenter ({@code dc1}, or {@code folder/dc1}), as the
     * {@code dcPath} of datastore HTTP access wants it.
     */
    public String datacenterPath() throws IOException {
        MoRef root = client.serviceContent().rootFolder();
        List<String> names = new ArrayList<>();
        MoRef current = ref;
        boolean inDatacenter = false;
        for (int depth = 0; depth < 64; depth++) {
            ObjectContent object = client.properties(current, "name", "parent");
            if (current.type().equals("Datacenter")) {
                inDatacenter = true;
            }
            if (inDatacenter && !current.equals(root)) {
                names.add(0, object.text("name").orElse(""));
            }
            Optional<XmlElement> parent = object.property("parent");
            if (parent.isEmpty() || current.equals(root)) {
                break;
            }
            current = parent.get().moRef();
        }
        if (!inDatacenter) {
            throw new IOException("vSphere VM '" + name + "' (" + ref + "): no datacenter found among its parents");
        }
        return String.join("/", names);
    }

    private interface Call<T> {
        T run() throws IOException;
    }

    private <T> T call(String method, Optional<String> disk, Call<T> call) throws IOException {
        try {
            return call.run();
        } catch (VsphereFault fault) {
            throw fault.about(name, disk);
        }
    }

    @Override
    public String toString() {
        return "VM '" + name + "' (" + ref + ")";
    }
}
