package io.pilotlight.source.libvirt;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a libvirt domain is: {@code libvirt://[URI]/DOMAIN[?scratch=DIR]}. An empty URI means the local
 * system daemon ({@code libvirt:///system/web1} is domain {@code web1} of {@code qemu:///system}); a URI
 * with a scheme is a libvirt connection URI ({@code libvirt://qemu+ssh://host/system/web1}); a bare
 * {@code HOST/PATH} means {@code qemu://HOST/PATH}. {@code scratch} is the directory of the backup's
 * scratch files and NBD socket (default {@code /var/tmp}); it must be on the libvirt host.
 */
public record LibvirtTarget(String uri, String connection, String domain, Path scratch) {
    public static final String SCHEME = "libvirt";
    private static final String PREFIX = SCHEME + "://";
    private static final Path DEFAULT_SCRATCH = Path.of("/var/tmp");

    public LibvirtTarget {
        requireNonNull(uri, "uri is null");
        requireNonNull(connection, "connection is null");
        requireNonNull(domain, "domain is null");
        if (domain.isEmpty() || domain.contains("/")) {
            throw new IllegalArgumentException("source '" + uri + "': domain '" + domain + "' is not a domain name");
        }
        requireNonNull(scratch, "scratch is null");
        if (!scratch.isAbsolute()) {
            throw new IllegalArgumentException("source '" + uri + "': scratch directory '" + scratch
                    + "' must be absolute");
        }
        if (scratch.toString().matches(".*['\"<>&].*")) {
            throw new IllegalArgumentException("source '" + uri + "': scratch directory '" + scratch
                    + "' contains a quote, '<', '>' or '&'");
        }
    }

    /**
     * The URI of one disk's points: the domain's URI without its query (so a new scratch directory
     * keeps the change tracking) and {@code #DISK}.
     */
    public String diskUri(String disk) {
        int query = uri.indexOf('?');
        return (query < 0 ? uri : uri.substring(0, query)) + "#" + disk;
    }

    /** Parses {@code libvirt://[URI]/DOMAIN[?scratch=DIR]}: see the class comment. */
    public static LibvirtTarget parse(String uri) {
        requireNonNull(uri, "uri is null");
        if (!uri.startsWith(PREFIX)) {
            throw new IllegalArgumentException("source '" + uri + "': a libvirt source is " + PREFIX
                    + "[URI]/DOMAIN, e.g. libvirt:///system/web1");
        }
        String rest = uri.substring(PREFIX.length());
        Path scratch = DEFAULT_SCRATCH;
        int query = rest.indexOf('?');
        if (query >= 0) {
            scratch = scratch(uri, rest.substring(query + 1));
            rest = rest.substring(0, query);
        }
        int slash = rest.lastIndexOf('/');
        if (slash < 0 || slash == rest.length() - 1) {
            throw new IllegalArgumentException("source '" + uri + "': no domain after the last '/'; e.g."
                    + " libvirt:///system/web1");
        }
        String domain = rest.substring(slash + 1);
        String connection = rest.substring(0, slash);
        connection = connection.contains("://") ? connection : "qemu://" + connection;
        return new LibvirtTarget(uri, connection, domain, scratch);
    }

    private static Path scratch(String uri, String query) {
        Optional<String> directory = Optional.empty();
        for (String parameter : query.split("&")) {
            if (parameter.startsWith("scratch=") && parameter.length() > "scratch=".length()) {
                directory = Optional.of(parameter.substring("scratch=".length()));
            } else {
                throw new IllegalArgumentException("source '" + uri + "': unknown parameter '" + parameter
                        + "'; valid: scratch=DIR");
            }
        }
        return Path.of(directory.orElseThrow());
    }
}
