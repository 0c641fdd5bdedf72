package io.pilotlight.source.libvirt;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plans a pull-mode backup from the domain's XML and its pilotlight checkpoints: CD-ROMs, read-only
 * and shareable disks are skipped with a warning; disks libvirt cannot checkpoint (not qcow2) are read
 * in full every run, with a warning; the others are incremental since the oldest pilotlight
 * checkpoint when it carries their bitmap, otherwise full.
 */
final class BackupPlanner {
    private BackupPlanner() {}

    static BackupPlan plan(Virsh virsh, LibvirtTarget target, List<String> warnings) throws IOException {
        String domain = target.domain();
        String where = "source " + target.uri() + ": ";
        List<DomainDisk> all = DomainXml.disks("domain " + domain, virsh.run("dumpxml", domain));
        Checkpoints existing = Checkpoints.list(virsh, domain);
        Optional<String> base = existing.oldest();
        Set<String> bitmaps = base.isPresent() ? Checkpoints.bitmapDisks(virsh, domain, base.get()) : Set.of();
        Optional<String> gone = gone(base, bitmaps, all);
        gone.ifPresent(why -> warnings.add(where + why + ": every disk is read in full"));
        Set<String> tracked = gone.isPresent() ? Set.of() : bitmaps;
        List<DomainDisk> disks = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> incremental = new ArrayList<>();
        Map<String, String> reasons = new HashMap<>();
        for (DomainDisk disk : all) {
            Optional<String> skip = disk.skipped();
            if (skip.isPresent()) {
                skipped.add(disk.target());
                warnings.add(where + "disk " + disk.target() + " is skipped: " + skip.get());
            } else if (!disk.checkpointable()) {
                disks.add(disk);
                reasons.put(disk.target(), "its image is " + disk.format() + "; checkpoints need qcow2");
                warnings.add(where + "disk " + disk.target() + " is " + disk.format() + ", which cannot carry a"
                        + " checkpoint: it is read in full every run");
            } else {
                disks.add(disk);
                if (tracked.contains(disk.target())) {
                    incremental.add(disk.target());
                } else {
                    reasons.put(disk.target(), gone.or(() -> base.map(name -> "checkpoint " + name + " has no bitmap"
                            + " for it")).orElse("the domain has no pilotlight checkpoint"));
                }
            }
        }
        if (disks.isEmpty()) {
            throw new IOException(where + "domain " + domain + " has no disk to back up (" + all.size()
                    + " skipped: " + skipped + ")");
        }
        return new BackupPlan(disks, skipped, existing, base, incremental, existing.next(), reasons,
                LibvirtBackup.socket(target), target.scratch());
    }

    /**
     * Why the base checkpoint is not used at all: a disk it tracked is gone from the domain (removed since),
     * so the domain's disks changed and a target name may no longer mean the image it meant.
     */
    private static Optional<String> gone(Optional<String> base, Set<String> tracked, List<DomainDisk> all) {
        Set<String> present = new java.util.HashSet<>();
        all.forEach(disk -> present.add(disk.target()));
        List<String> missing = tracked.stream().filter(name -> !present.contains(name)).sorted().toList();
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of((missing.size() == 1 ? "disk " + missing.get(0) + ", which checkpoint " + base.orElseThrow()
                + " tracked, is" : "disks " + String.join(", ", missing) + ", which checkpoint " + base.orElseThrow()
                + " tracked, are") + " gone from the domain (removed since; its disks' names may no longer mean the"
                + " images they meant)");
    }
}
