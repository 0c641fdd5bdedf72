package io.pilotlight.cli;

import io.pilotlight.source.vsphere.VsphereOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options of a {@code vsphere://} source, turned into {@link VsphereOptions}. */
final class VsphereArguments {
    static final String PASSWORD_VARIABLE = "VSPHERE_PASSWORD";

    @Option(names = "--vsphere-password-file", paramLabel = "FILE",
            description = "File holding the vSphere password (first line); default: $" + PASSWORD_VARIABLE + ".")
    Path passwordFile;

    @Option(names = "--thumbprint", paramLabel = "SHA256",
            description = "Trust exactly the vSphere server certificate with this SHA-256 (64 hex digits, colons "
                    + "allowed) instead of the JDK trust store.")
    String thumbprint;

    @Option(names = "--enable-cbt", description = "Turn changed block tracking on when the VM has it off (else: a "
            + "warning and a full read).")
    boolean enableCbt;

    @Option(names = "--quiesce", description = "Ask VMware Tools to quiesce the guest for the snapshot.")
    boolean quiesce;

    @Option(names = "--disk-nbd", paramLabel = "LABEL=NBD-URI",
            description = "Read this disk (e.g. scsi0:0) from an NBD export, such as nbdkit's VDDK plugin, instead of "
                    + "datastore HTTP. Repeatable.")
    List<String> diskNbd = List.of();

    @Option(names = "--disk-nbd-command", paramLabel = "ARGS", split = " ",
            description = "Start an NBD server per disk once the snapshot exists: arguments (split at spaces) with "
                    + "{socket} {vm} {snapshot} {file} {label} replaced; see docs/vsphere.md.")
    List<String> exportCommand;

    /** Whether any vSphere option was given (they make sense only with a vsphere:// source). */
    boolean given() {
        return passwordFile != null || thumbprint != null || enableCbt || quiesce || !diskNbd.isEmpty()
                || exportCommand != null;
    }

    VsphereOptions options(Map<String, String> environment) throws IOException {
        VsphereOptions options = VsphereOptions.withPassword(password(environment)).withEnableCbt(enableCbt)
                .withQuiesce(quiesce).withDiskNbd(diskNbd());
        if (thumbprint != null) {
            options = options.withThumbprint(thumbprint);
        }
        if (exportCommand != null) {
            options = options.withExportCommand(exportCommand);
        }
        return options;
    }

    private String password(Map<String, String> environment) throws IOException {
        if (passwordFile != null) {
            try {
                return Files.readString(passwordFile, StandardCharsets.UTF_8).lines().findFirst().orElse("");
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("--vsphere-password-file " + passwordFile + ": no such file");
            }
        }
        String password = environment.get(PASSWORD_VARIABLE);
        if (password == null) {
            throw new IllegalArgumentException("a vsphere:// source needs a password: set " + PASSWORD_VARIABLE
                    + " or give --vsphere-password-file FILE");
        }
        return password;
    }

    private Map<String, String> diskNbd() {
        Map<String, String> byLabel = new LinkedHashMap<>();
        for (String pair : diskNbd) {
            int equals = pair.indexOf('=');
            if (equals < 1 || equals == pair.length() - 1) {
                throw new IllegalArgumentException("--disk-nbd " + pair + ": write LABEL=NBD-URI, e.g. "
                        + "scsi0:0=nbd+unix:///disk?socket=/run/vddk.sock");
            }
            if (byLabel.put(pair.substring(0, equals), pair.substring(equals + 1)) != null) {
                throw new IllegalArgumentException("--disk-nbd names disk " + pair.substring(0, equals) + " twice");
            }
        }
        return byLabel;
    }
}
