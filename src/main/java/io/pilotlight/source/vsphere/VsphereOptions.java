package io.pilotlight.source.vsphere;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to open a vSphere VM session. The command line fills it: the password from
 * {@code VSPHERE_PASSWORD} or {@code --vsphere-password-file}, {@code --thumbprint HEX} (the server
 * certificate's SHA-256; without it the JDK trust store decides), {@code --enable-cbt} (turn changed
 * block tracking on when it is off, instead of a warning and a full pass), {@code --quiesce} (ask VMware
 * Tools to quiesce the guest for the snapshot), {@code --disk-nbd LABEL=NBD-URI} (read that disk from an
 * NBD export, such as nbdkit's VDDK plugin, instead of over datastore HTTP), {@code --disk-nbd-command}
 * (start an NBD server per disk once the snapshot exists, see {@link VsphereExportCommand}), and
 * timeouts for each request and each task.
 *
 * @param diskNbd NBD URI by disk unit label ({@code scsi0:0})
 * @param exportCommand argument template of an NBD server started per disk not in {@code diskNbd}
 */
public record VsphereOptions(String password, Optional<String> thumbprint, boolean enableCbt, boolean quiesce,
        Map<String, String> diskNbd, Optional<List<String>> exportCommand, Duration requestTimeout,
        Duration taskTimeout) {
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_TASK_TIMEOUT = Duration.ofMinutes(30);

    public VsphereOptions {
        requireNonNull(password, "password is null");
        requireNonNull(thumbprint, "thumbprint is null");
        diskNbd = Map.copyOf(requireNonNull(diskNbd, "diskNbd is null"));
        exportCommand = requireNonNull(exportCommand, "exportCommand is null").map(List::copyOf);
        if (exportCommand.isPresent() && exportCommand.get().isEmpty()) {
            throw new IllegalArgumentException("--disk-nbd-command is empty");
        }
        requireNonNull(requestTimeout, "requestTimeout is null");
        requireNonNull(taskTimeout, "taskTimeout is null");
        if (requestTimeout.isNegative() || requestTimeout.isZero() || taskTimeout.isNegative() || taskTimeout.isZero()) {
            throw new IllegalArgumentException("vSphere timeouts must be positive");
        }
    }

    /** Defaults: JDK trust store, CBT left as it is, no quiescing, every disk over datastore HTTP. */
    public static VsphereOptions withPassword(String password) {
        return new VsphereOptions(password, Optional.empty(), false, false, Map.of(), Optional.empty(),
                DEFAULT_REQUEST_TIMEOUT, DEFAULT_TASK_TIMEOUT);
    }

    public VsphereOptions withThumbprint(String hex) {
        return new VsphereOptions(password, Optional.of(hex), enableCbt, quiesce, diskNbd, exportCommand, requestTimeout, taskTimeout);
    }

    public VsphereOptions withEnableCbt(boolean enable) {
        return new VsphereOptions(password, thumbprint, enable, quiesce, diskNbd, exportCommand, requestTimeout, taskTimeout);
    }

    public VsphereOptions withQuiesce(boolean enable) {
        return new VsphereOptions(password, thumbprint, enableCbt, enable, diskNbd, exportCommand, requestTimeout, taskTimeout);
    }

    public VsphereOptions withDiskNbd(Map<String, String> byLabel) {
        return new VsphereOptions(password, thumbprint, enableCbt, quiesce, byLabel, exportCommand, requestTimeout, taskTimeout);
    }

    /** Disks not in {@link #diskNbd()} are read from an NBD server started from this template. */
    public VsphereOptions withExportCommand(List<String> template) {
        return new VsphereOptions(password, thumbprint, enableCbt, quiesce, diskNbd, Optional.of(template),
                requestTimeout, taskTimeout);
    }

    public VsphereOptions withTimeouts(Duration request, Duration task) {
        return new VsphereOptions(password, thumbprint, enableCbt, quiesce, diskNbd, exportCommand, request, task);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "VsphereOptions[thumbprint=" + thumbprint + ", enableCbt=" + enableCbt + ", quiesce=" + quiesce
                + ", diskNbd=" + diskNbd + ", exportCommand=" + exportCommand + ", requestTimeout=" + requestTimeout + ", taskTimeout=" + taskTimeout + "]";
    }
}
