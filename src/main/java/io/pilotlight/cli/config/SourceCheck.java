package io.pilotlight.cli.config;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of a disk's source URI, by the schemes {@code io.pilotlight.source.SourceUri} opens; opening it
 * (and finding the file or socket) is left to the run: the check may run on another machine.
 */
final class SourceCheck {
    static final List<String> SCHEMES = List.of("file", "nbd+unix", "nbd", "qemu", "qmp");
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]+):(.*)", Pattern.DOTALL);

    private SourceCheck() {}

    static String disk(String uri) {
        Matcher matcher = SCHEME.matcher(uri);
        if (!matcher.matches()) {
            if (!uri.startsWith("/")) {
                throw new InvalidValue("source path '" + uri + "' is not absolute", "write it from the root, or as file:/path");
            }
            return uri;
        }
        String scheme = matcher.group(1).toLowerCase(Locale.ROOT);
        if (scheme.equals("vsphere") || scheme.equals("libvirt")) {
            throw new InvalidValue("a " + scheme + ":// source is a group of disks, not one disk",
                    "declare it under groups with source: " + uri);
        }
        if (!SCHEMES.contains(scheme)) {
            throw new InvalidValue("source '" + uri + "': unknown scheme '" + scheme + "'",
                    "valid schemes: " + String.join(":, ", SCHEMES) + ":, or an absolute path");
        }
        if (matcher.group(2).isEmpty()) {
            throw new InvalidValue("source '" + uri + "' names nothing after the scheme", "e.g. file:/dev/vg0/vm1-sda");
        }
        return uri;
    }
}
