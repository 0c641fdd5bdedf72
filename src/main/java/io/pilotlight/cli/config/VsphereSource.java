package io.pilotlight.cli.config;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code vsphere://USER@HOST/VM} group source with the options of {@code replicate --source vsphere://…}
 * (see {@code cli/VsphereArguments} and docs/vsphere.md); the password by reference only.
 */
public record VsphereSource(String uri, SecretRef password, Optional<String> thumbprint, boolean enableCbt,
        boolean quiesce, Map<String, String> diskNbd, Optional<List<String>> diskNbdCommand) {
    public VsphereSource {
        requireNonNull(uri, "uri is null");
        if (!uri.matches("vsphere://[^@/]+@[^/]+/.+")) {
            throw new InvalidValue("source '" + uri + "' is not vsphere://USER@HOST/VM", "e.g. vsphere://backup@vcenter.example.com/web-1");
        }
        requireNonNull(password, "password is null");
        requireNonNull(thumbprint, "thumbprint is null");
        thumbprint.filter(hex -> !hex.replace(":", "").matches("[0-9A-Fa-f]{64}")).ifPresent(hex -> {
            throw new InvalidValue("thumbprint '" + hex + "' is not a SHA-256", "64 hex digits, colons allowed");
        });
        diskNbd = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(diskNbd, "diskNbd is null")));
        diskNbdCommand = requireNonNull(diskNbdCommand, "diskNbdCommand is null").map(List::copyOf);
    }
}
