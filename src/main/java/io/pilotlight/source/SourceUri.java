package io.pilotlight.source;

import static java.util.Objects.requireNonNull;

import io.pilotlight.source.file.FileSource;
import io.pilotlight.source.qemu.LiveQemuSource;
import io.pilotlight.source.qemu.QemuImageSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens a source from the URI a user gives: {@code file:/abs/path}, {@code file:///abs/path},
 * {@code file:relative/path} or a plain path, all read by {@link FileSource};
 * {@code nbd+unix:///EXPORT?socket=PATH[&bitmap=NAME]} and {@code nbd://HOST[:PORT]/EXPORT[?bitmap=NAME]}
 * read by {@link NbdSource}; {@code qemu:/path/disk.qcow2} (same path forms as {@code file:}), an
 * offline qcow2 image whose checkpoints {@link QemuImageSource} manages; {@code qmp:/path/qmp.sock?node=NODE}, a
 * live disk behind a QMP monitor whose checkpoints {@link LiveQemuSource} manages. A {@code libvirt:} URI
 * names a machine ({@link io.pilotlight.source.libvirt.LibvirtMachine}), not one disk: it is refused here. Paths are taken
 * literally (no percent-decoding). A scheme is two or more characters before the first ':', so a
 * Windows drive letter stays a path; write {@code ./name:x} for a relative path containing ':'.
 */
public final class SourceUri {
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]+):(.*)", Pattern.DOTALL);
    private static final String VALID_SCHEMES = "file:, nbd+unix:, nbd:, qemu:, qmp:";

    private SourceUri() {}

    public static ChangedBlockSource open(String uri) throws IOException {
        requireNonNull(uri, "uri is null");
        if (uri.isBlank()) {
            throw new IllegalArgumentException("source '" + uri + "' is empty: give a path or a file: URI");
        }
        Matcher matcher = SCHEME.matcher(uri);
        if (!matcher.matches()) {
            return FileSource.open(uri, Path.of(uri));
        }
        String scheme = matcher.group(1).toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "file":
                return FileSource.open(uri, filePath(uri, matcher.group(2)));
            case "nbd+unix":
            case "nbd":
                return NbdSource.open(uri);
            case "qemu":
                return QemuImageSource.open(uri, filePath(uri, matcher.group(2)));
            case "qmp":
                return LiveQemuSource.open(uri);
            case "libvirt":
                throw new IllegalArgumentException("source '" + uri + "': a libvirt: source is every disk of a domain;"
                        + " give it as the only --source of replicate --group NAME");
            default:
                throw new IllegalArgumentException("source '" + uri + "': unknown scheme '" + scheme + "'; valid: "
                        + VALID_SCHEMES);
        }
    }

    /** The path in a {@code file:} URI, given what follows the scheme. */
    private static Path filePath(String uri, String rest) {
        String path = rest;
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            String host = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
            if (!host.isEmpty() && !host.equalsIgnoreCase("localhost")) {
                throw new IllegalArgumentException("source '" + uri + "': host '" + host + "' is not allowed;"
                        + " a " + uri.substring(0, uri.indexOf(':') + 1) + " URI names a local path");
            }
            path = slash < 0 ? "" : rest.substring(slash);
        }
        if (path.isEmpty()) {
            throw new IllegalArgumentException("source '" + uri + "': the path is empty");
        }
        return Path.of(path);
    }
}
