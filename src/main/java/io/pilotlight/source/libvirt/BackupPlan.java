package io.pilotlight.source.libvirt;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one pull-mode backup does: the disks it exports, which of them are incremental since
 * {@code base}, the checkpoint {@code next} it creates (on the disks that can carry one), and why a
 * disk is not incremental. Writes the {@code <domainbackup>} and {@code <domaincheckpoint>} XML.
 */
record BackupPlan(List<DomainDisk> disks, List<String> skipped, Checkpoints existing, Optional<String> base, List<String> incremental,
        String next, Map<String, String> reasons, Path socket, Path scratch) {
    BackupPlan {
        disks = List.copyOf(requireNonNull(disks, "disks is null"));
        skipped = List.copyOf(requireNonNull(skipped, "skipped is null"));
        requireNonNull(existing, "existing is null");
        requireNonNull(base, "base is null");
        incremental = List.copyOf(requireNonNull(incremental, "incremental is null"));
        requireNonNull(next, "next is null");
        reasons = Map.copyOf(requireNonNull(reasons, "reasons is null"));
        requireNonNull(socket, "socket is null");
        requireNonNull(scratch, "scratch is null");
    }

    static String exportBitmap(String disk) {
        return "backup-" + disk;
    }

    boolean checkpointed(String disk) {
        return disks.stream().anyMatch(d -> d.target().equals(disk) && d.checkpointable());
    }

    Optional<String> incrementalBase(String disk) {
        return incremental.contains(disk) ? base : Optional.empty();
    }

    String why(String disk) {
        return reasons.getOrDefault(disk, "no reason recorded");
    }

    /** The same plan with every disk read in full (after an incremental backup was refused). */
    BackupPlan full(String reason) {
        Map<String, String> all = new java.util.HashMap<>(reasons);
        incremental.forEach(disk -> all.put(disk, reason));
        return new BackupPlan(disks, skipped, existing, Optional.empty(), List.of(), next, all, socket, scratch);
    }

    /** The same plan creating checkpoint {@code name} instead (past a stale bitmap of the planned name). */
    BackupPlan withNext(String name) {
        return new BackupPlan(disks, skipped, existing, base, incremental, name, reasons, socket, scratch);
    }

    Path scratchFile(String disk) {
        return scratch.resolve(socket.getFileName().toString().replace(".sock", "-" + disk + ".scratch"));
    }

    String backupXml() {
        StringBuilder xml = new StringBuilder("<domainbackup mode='pull'>");
        base.filter(name -> !incremental.isEmpty()).ifPresent(name -> xml.append("<incremental>").append(name)
                .append("</incremental>"));
        xml.append("<server transport='unix' socket='").append(socket).append("'/><disks>");
        for (DomainDisk disk : disks) {
            String mode = incremental.contains(disk.target()) ? "incremental" : "full";
            xml.append("<disk name='").append(disk.target()).append("' backup='yes' type='file' backupmode='")
                    .append(mode).append("'><scratch file='").append(scratchFile(disk.target())).append("'/></disk>");
        }
        skipped.forEach(disk -> xml.append("<disk name='").append(disk).append("' backup='no'/>"));
        return xml.append("</disks></domainbackup>").toString();
    }

    String checkpointXml() {
        StringBuilder xml = new StringBuilder("<domaincheckpoint><name>").append(next).append("</name><disks>");
        for (DomainDisk disk : disks) {
            xml.append("<disk name='").append(disk.target()).append("' checkpoint='")
                    .append(disk.checkpointable() ? "bitmap" : "no").append("'/>");
        }
        skipped.forEach(disk -> xml.append("<disk name='").append(disk).append("' checkpoint='no'/>"));
        return xml.append("</disks></domaincheckpoint>").toString();
    }
}
