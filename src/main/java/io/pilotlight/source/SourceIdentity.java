package io.pilotlight.source;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether the last point of a disk came from the source a run reads now, so its change token may be
 * offered: a source is what it is, not how it was written. The same URI text is the same source; so
 * are two spellings of one local file ({@code file:}, {@code qemu:} or a plain path: the same real
 * path, {@code qemu:img.qcow2} and {@code qemu:/abs/img.qcow2}) or of one QMP monitor and node
 * ({@code qmp:}, whatever {@code nbd-socket=} says). A source whose tokens name what they came from
 * ({@link ChangedBlockSource#tokenNamesItsSource()}: a qcow2 bitmap name, a vSphere disk's uuid)
 * gets the token whatever the text, and checks it itself. Whenever a token is not offered, the run
 * is warned, naming both sources and why: it then reads the whole disk.
 */
public final class SourceIdentity {
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]+):(.*)", Pattern.DOTALL);

    private SourceIdentity() {}

    /**
     * The token of the last point (taken from {@code parentUri}, recording {@code parentToken}, which
     * may be null) that {@code source} may be asked for changes since; {@code warn} hears why not.
     */
    public static Optional<String> parentToken(ChangedBlockSource source, String parentUri, String parentToken,
            Consumer<String> warn) {
        requireNonNull(source, "source is null");
        if (parentToken == null) {
            return Optional.empty();
        }
        if (source.uri().equals(parentUri) || source.tokenNamesItsSource()) {
            return Optional.of(parentToken);
        }
        Optional<String> before = of(parentUri);
        Optional<String> now = of(source.uri());
        if (before.isPresent() && before.equals(now)) {
            return Optional.of(parentToken);
        }
        warn.accept("source " + source.uri() + " is not the source the last point was taken from (" + parentUri
                + (now.isPresent() ? "; now " + now.get() + ", then " + before.orElse("not found") : "")
                + "): its change token is dropped and the whole disk is read and compared with the last point");
        return Optional.empty();
    }

    /**
     * What {@code uri} names, resolved: {@code file:<real path>} for a local file (also {@code qemu:}),
     * {@code qmp:<real socket path>?node=NODE} for a QMP monitor; empty when it names no local file
     * that exists, or another kind of source.
     */
    static Optional<String> of(String uri) {
        if (uri == null) {
            return Optional.empty();
        }
        Matcher matcher = SCHEME.matcher(uri);
        if (!matcher.matches()) {
            return realPath(uri).map(path -> "file:" + path);
        }
        String rest = matcher.group(2);
        return switch (matcher.group(1).toLowerCase(Locale.ROOT)) {
            case "file", "qemu" -> realPath(localPath(rest)).map(path -> "file:" + path);
            case "qmp" -> qmp(rest);
            default -> Optional.empty();
        };
    }

    private static Optional<String> qmp(String rest) {
        int query = rest.indexOf('?');
        String socket = query < 0 ? rest : rest.substring(0, query);
        Optional<String> node = Optional.empty();
        if (query >= 0) {
            for (String parameter : rest.substring(query + 1).split("&")) {
                if (parameter.startsWith("node=")) {
                    node = Optional.of(parameter.substring("node=".length()));
                }
            }
        }
        Optional<String> nodeName = node;
        return realPath(localPath(socket)).flatMap(path -> nodeName.map(name -> "qmp:" + path + "?node=" + name));
    }

    private static String localPath(String rest) {
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            return slash < 0 ? "" : rest.substring(slash);
        }
        return rest;
    }

    private static Optional<String> realPath(String path) {
        try {
            Path file = Path.of(path);
            return path.isEmpty() || !Files.exists(file) ? Optional.empty() : Optional.of(file.toRealPath().toString());
        } catch (IOException | InvalidPathException e) {
            return Optional.empty();
        }
    }
}
