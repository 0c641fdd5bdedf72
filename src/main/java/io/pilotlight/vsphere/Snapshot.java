package io.pilotlight.vsphere;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/** One snapshot of a VM's snapshot tree: its name and reference. */
public record Snapshot(String name, MoRef ref) {
    public Snapshot {
        requireNonNull(name, "name is null");
        requireNonNull(ref, "ref is null");
    }

    /** Every snapshot in a {@code VirtualMachineSnapshotInfo} value, parents before children. */
    public static List<Snapshot> fromSnapshotInfo(XmlElement info) {
        List<Snapshot> snapshots = new ArrayList<>();
        for (XmlElement tree : info.children("rootSnapshotList")) {
            addTree(tree, snapshots);
        }
        return List.copyOf(snapshots);
    }

    private static void addTree(XmlElement tree, List<Snapshot> into) {
        XmlElement ref = tree.child("snapshot").orElseThrow(() -> new IllegalArgumentException(
                "vSphere answer: snapshot tree entry without <snapshot>"));
        into.add(new Snapshot(tree.childText("name").orElse(""), ref.moRef()));
        for (XmlElement child : tree.children("childSnapshotList")) {
            addTree(child, into);
        }
    }
}
