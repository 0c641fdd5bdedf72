package io.pilotlight.source.libvirt;

import io.pilotlight.exec.ToolFailedException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backup job of one domain, driven with {@code virsh}: begin it, end it (a pull-mode backup ends
 * with {@code domjobabort}), end one a dead pilotlight run left, and delete checkpoints.
 */
final class BackupJob {
    private static final Logger LOG = LoggerFactory.getLogger(BackupJob.class);
    private static final long END_WAIT_MILLIS = 30_000;
    private static final Pattern STALE_BITMAP = Pattern.compile("Bitmap already exists: "
            + Pattern.quote(Checkpoints.PREFIX) + "(\\d{1,9})");
    private static final int MAX_STALE_BITMAPS = 10;

    private final Virsh virsh;
    private final String domain;
    private final String uri;

    BackupJob(Virsh virsh, String domain, String uri) {
        this.virsh = virsh;
        this.domain = domain;
        this.uri = uri;
    }

    /** Ends a backup job a pilotlight run left; refuses to touch one someone else started. */
    void endStale() throws IOException {
        if (!running()) {
            return;
        }
        String xml = virsh.run("backup-dumpxml", domain);
        if (!xml.contains("/" + Checkpoints.PREFIX)) {
            throw new IOException("source " + uri + ": domain " + domain + " runs a backup job pilotlight did not"
                    + " start (" + xml.strip().replaceAll("\\s+", " ") + "); wait for it or end it with virsh"
                    + " domjobabort");
        }
        LOG.warn("source {}: ending the backup job a previous pilotlight run left on domain {}", uri, domain);
        abortAndWait();
    }

    /** Starts the backup; an incremental one libvirt refuses is retried in full, with a warning. */
    BackupPlan begin(BackupPlan plan, List<String> warnings) throws IOException {
        Files.createDirectories(plan.scratch());
        try {
            return startPastStaleBitmaps(plan, warnings);
        } catch (IOException e) {
            if (plan.incremental().isEmpty()) {
                throw e;
            }
            String why = e instanceof ToolFailedException failed && !failed.stderrTail().isEmpty()
                    ? String.join(" ", failed.stderrTail()).strip() : e.getMessage();
            String reason = "libvirt refused the incremental backup since " + plan.base().orElseThrow() + " (" + why
                    + ")";
            warnings.add("source " + uri + ": " + reason + "; reading every disk in full");
            return startPastStaleBitmaps(plan.full(reason), warnings);
        }
    }

    /**
     * Starts the backup; when QEMU refuses the new checkpoint because the disks already hold a bitmap of
     * that name which libvirt has no checkpoint for (the domain was redefined without its checkpoints, whose
     * bitmaps stay in the qcow2 files), names the new checkpoint past it, with a warning, and tries again.
     */
    private BackupPlan startPastStaleBitmaps(BackupPlan plan, List<String> warnings) throws IOException {
        BackupPlan current = plan;
        for (int attempt = 1; ; attempt++) {
            try {
                start(current);
                return current;
            } catch (ToolFailedException e) {
                Matcher stale = STALE_BITMAP.matcher(String.join(" ", e.stderrTail()));
                if (!stale.find() || attempt == MAX_STALE_BITMAPS) {
                    throw e;
                }
                String next = Checkpoints.name(Integer.parseInt(stale.group(1)) + 1);
                warnings.add("source " + uri + ": the disks of domain " + domain + " hold a bitmap "
                        + Checkpoints.PREFIX + stale.group(1) + " that libvirt has no checkpoint for (the domain was"
                        + " redefined without its checkpoints); the new checkpoint is " + next + " instead (remove the"
                        + " stale bitmap with qemu-img bitmap --remove IMAGE " + Checkpoints.PREFIX + stale.group(1)
                        + " while the domain is shut off)");
                current = current.withNext(next);
            }
        }
    }

    private void start(BackupPlan plan) throws IOException {
        Path backupXml = plan.scratch().resolve(plan.socket().getFileName() + ".backup.xml");
        Path checkpointXml = plan.scratch().resolve(plan.socket().getFileName() + ".checkpoint.xml");
        try {
            Files.writeString(backupXml, plan.backupXml());
            Files.writeString(checkpointXml, plan.checkpointXml());
            virsh.run("backup-begin", domain, backupXml.toString(), checkpointXml.toString());
        } finally {
            LibvirtBackup.deleteIfExists(backupXml);
            LibvirtBackup.deleteIfExists(checkpointXml);
        }
    }

    /** Ends the job and removes what it left (socket, scratch files); logs, never throws. */
    void end(BackupPlan plan) {
        try {
            abortAndWait();
        } catch (IOException e) {
            LOG.warn("source {}: could not end the backup job of domain {}: {}", uri, domain, e.getMessage());
        }
        LibvirtBackup.deleteIfExists(plan.socket());
        plan.disks().forEach(disk -> LibvirtBackup.deleteIfExists(plan.scratchFile(disk.target())));
    }

    /**
     * Deletes the pilotlight checkpoints older than the plan's new one, oldest first; one libvirt cannot
     * delete (its bitmap broken by a crash) loses its metadata only ({@code --metadata}).
     */
    void deleteOlderThan(BackupPlan plan) {
        int next = Checkpoints.number(plan.next()).getAsInt();
        plan.existing().numbers().stream().filter(number -> number < next).forEach(number -> {
            if (!delete(Checkpoints.name(number))) {
                delete(Checkpoints.name(number), "--metadata");
            }
        });
    }

    /** Deletes the plan's new checkpoint (no point recorded it); libvirt merges its bitmap into its parent. */
    void deleteNew(BackupPlan plan) {
        delete(plan.next());
    }

    private boolean delete(String checkpoint, String... options) {
        List<String> arguments = new java.util.ArrayList<>(List.of("checkpoint-delete", domain, checkpoint));
        arguments.addAll(List.of(options));
        try {
            virsh.run(arguments.toArray(String[]::new));
            return true;
        } catch (IOException e) {
            LOG.warn("source {}: could not delete checkpoint {} of domain {}: {}", uri, checkpoint, domain,
                    e.getMessage());
            return false;
        }
    }

    private boolean running() throws IOException {
        try {
            return virsh.run("domjobinfo", domain).lines().anyMatch(line -> line.matches("Operation:\\s+Backup\\s*"));
        } catch (ToolFailedException e) {
            if (String.join("\n", e.stderrTail()).contains("backup job data missing")) {
                return true; // libvirt answers this while a backup job starts or ends
            }
            throw e;
        }
    }

    private void abortAndWait() throws IOException {
        try {
            virsh.run("domjobabort", domain);
        } catch (IOException e) {
            if (!LibvirtBackup.isNoJob(e)) {
                throw e;
            }
        }
        long deadline = System.nanoTime() + END_WAIT_MILLIS * 1_000_000;
        while (running()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("source " + uri + ": the backup job of domain " + domain + " did not end within "
                        + END_WAIT_MILLIS / 1000 + " s of domjobabort");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("source " + uri + ": interrupted waiting for the backup job to end");
            }
        }
    }
}
