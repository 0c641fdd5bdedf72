package io.pilotlight.source.vsphere;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A VM named by {@code vsphere://USER@HOST[:PORT]/VM}: the user to log in as (its {@code @} may be
 * written {@code %40} or as is: the last {@code @} before the host counts), the vCenter or ESXi host
 * and HTTPS port (default 443), and the VM: a name, an inventory path ({@code DC/vm/FOLDER/VM}), or a
 * reference ({@code vm-123}). User and VM are percent-decoded.
 */
public record VsphereTarget(String uri, String user, String host, int port, String vm) {
    public static final String SCHEME = "vsphere";
    private static final Pattern FORM = Pattern.compile("vsphere://([^/]+)@(\\[[^\\]]+\\]|[^/:@\\[]+)(?::(\\d+))?/(.+)",
            Pattern.CASE_INSENSITIVE);

    public VsphereTarget {
        requireNonNull(uri, "uri is null");
        requireNonNull(user, "user is null");
        requireNonNull(host, "host is null");
        requireNonNull(vm, "vm is null");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("source '" + uri + "': port " + port + " is not a TCP port");
        }
    }

    public static VsphereTarget parse(String uri) {
        requireNonNull(uri, "uri is null");
        Matcher matcher = FORM.matcher(uri);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("source '" + uri + "' is not vsphere://USER@HOST[:PORT]/VM"
                    + " (VM: a name, DATACENTER/vm/FOLDER/VM, or a reference such as vm-123)");
        }
        String user = decode(matcher.group(1));
        String vm = decode(matcher.group(4));
        if (user.isEmpty() || vm.isBlank() || vm.endsWith("/")) {
            throw new IllegalArgumentException("source '" + uri + "': the user and the VM must not be empty");
        }
        int port = matcher.group(3) == null ? 443 : Integer.parseInt(matcher.group(3));
        return new VsphereTarget(uri, user, matcher.group(2), port, vm);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** {@code https://HOST:PORT/sdk}. */
    public URI sdkUri() {
        return URI.create("https://" + host + ":" + port + "/sdk");
    }

    @Override
    public String toString() {
        return uri;
    }
}
