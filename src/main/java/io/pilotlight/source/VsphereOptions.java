package io.pilotlight.source;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How to open a vSphere VM session. The command line fills it: the password from
 * {@code VSPHERE_PASSWORD} or {@code --vsphere-password-file}, {@code --thumbprint HEX} (the server
 * certificate's SHA-256; without it the JDK trust store decides), {@code --enable-cbt} (turn changed
 * block tracking on when it is off, instead of a warning and a full pass), {@code --quiesce} (ask VMware
 * Tools to quiesce the guest for the snapshot), {@code --disk-nbd LABEL=NBD-URI} (read that disk from an
 * NBD export, such as nbdkit's VDDK plugin, instead of over datastore HTTP), and timeouts for each
 * request and each task.
 *
 * @param diskNbd NBD URI by disk unit label ({@code scsi0:0})
 */
public record VsphereOptions(String password, Optional<String> thumbprint, boolean enableCbt, boolean quiesce,
        Map<String, String> diskNbd, Duration requestTimeout, Duration taskTimeout) {
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_TASK_TIMEOUT = Duration.ofMinutes(30);

    public VsphereOptions {
        requireNonNull(password, "password is null");
        requireNonNull(thumbprint, "thumbprint is null");
        diskNbd = Map.copyOf(requireNonNull(diskNbd, "diskNbd is null"));
        requireNonNull(requestTimeout, "requestTimeout is null");
        requireNonNull(taskTimeout, "taskTimeout is null");
        if (requestTimeout.isNegative() || requestTimeout.isZero() || taskTimeout.isNegative() || taskTimeout.isZero()) {
            throw new IllegalArgumentException("vSphere timeouts must be positive");
        }
    }

    /** Defaults: JDK trust store, CBT left as it is, no quiescing, every disk over datastore HTTP. */
    public static VsphereOptions withPassword(String password) {
        return new VsphereOptions(password, Optional.empty(), false, false, Map.of(), DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_TASK_TIMEOUT);
    }

    public VsphereOptions withThumbprint(String hex) {
        return new VsphereOptions(password, Optional.of(hex), enableCbt, quiesce, diskNbd, requestTimeout, taskTimeout);
    }

    public VsphereOptions withEnableCbt(boolean enable) {
        return new VsphereOptions(password, thumbprint, enable, quiesce, diskNbd, requestTimeout, taskTimeout);
    }

    public VsphereOptions withQuiesce(boolean enable) {
        return new VsphereOptions(password, thumbprint, enableCbt, enable, diskNbd, requestTimeout, taskTimeout);
    }

    public VsphereOptions withDiskNbd(Map<String, String> byLabel) {
        return new VsphereOptions(password, thumbprint, enableCbt, quiesce, byLabel, requestTimeout, taskTimeout);
    }

    public VsphereOptions withTimeouts(Duration request, Duration task) {
        return new VsphereOptions(password, thumbprint, enableCbt, quiesce, diskNbd, request, task);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "VsphereOptions[thumbprint=" + thumbprint + ", enableCbt=" + enableCbt + ", quiesce=" + quiesce
                + ", diskNbd=" + diskNbd + ", requestTimeout=" + requestTimeout + ", taskTimeout=" + taskTimeout + "]";
    }
}
