package io.pilotlight.store;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where an S3 repository lives: a bucket, a key prefix inside it ({@code ""} or segments ending in
 * one {@code /}), and how to reach the service: an endpoint override (MinIO, Ceph, R2, ...), a
 * region, and whether to address the bucket in the path instead of the host name.
 */
public record S3Location(String bucket, String prefix, Optional<URI> endpoint, Optional<String> region,
        boolean pathStyle) {
    private static final String SCHEME = "s3://";
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
    /** AWS's "safe characters" for key names. */
    private static final Pattern PREFIX_SEGMENT = Pattern.compile("[A-Za-z0-9!_.*'()-]+");
    private static final Pattern REGION = Pattern.compile("[a-z0-9-]+");
    private static final int MAX_PREFIX_LENGTH = 512;

    public S3Location {
        requireNonNull(bucket, "bucket is null");
        requireNonNull(prefix, "prefix is null");
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(region, "region is null");
        checkBucket(bucket);
        prefix = normalisePrefix(prefix);
        endpoint.ifPresent(S3Location::checkEndpoint);
        region.ifPresent(S3Location::checkRegion);
    }

    /** Parses {@code s3://bucket} or {@code s3://bucket/prefix}: no endpoint, region or path style. */
    public static S3Location parse(String uri) {
        requireNonNull(uri, "uri is null");
        if (!uri.startsWith(SCHEME)) {
            throw new IllegalArgumentException("S3 location '" + uri + "' is invalid: it must look like"
                    + " s3://bucket or s3://bucket/prefix");
        }
        String rest = uri.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        return new S3Location(bucket, prefix, Optional.empty(), Optional.empty(), false);
    }

    public S3Location withPrefix(String newPrefix) {
        return new S3Location(bucket, newPrefix, endpoint, region, pathStyle);
    }

    public S3Location withEndpoint(URI newEndpoint) {
        return new S3Location(bucket, prefix, Optional.of(newEndpoint), region, pathStyle);
    }

    public S3Location withRegion(String newRegion) {
        return new S3Location(bucket, prefix, endpoint, Optional.of(newRegion), pathStyle);
    }

    public S3Location withPathStyle(boolean newPathStyle) {
        return new S3Location(bucket, prefix, endpoint, region, newPathStyle);
    }

    /** {@code s3://bucket/prefix} (no trailing slash), or {@code s3://bucket}. */
    public String uri() {
        return SCHEME + bucket + (prefix.isEmpty() ? "" : "/" + prefix.substring(0, prefix.length() - 1));
    }

    /** The endpoint for messages: the override, or AWS S3 and its region. */
    public String endpointDescription() {
        return endpoint.map(URI::toString)
                .orElseGet(() -> "AWS S3" + region.map(r -> " (" + r + ")").orElse(""));
    }

    @Override
    public String toString() {
        return uri() + endpoint.map(e -> " at " + e).orElse("");
    }

    private static void checkBucket(String bucket) {
        String rule = null;
        if (!BUCKET.matcher(bucket).matches()) {
            rule = "3 to 63 characters of a-z 0-9 . - starting and ending with a letter or digit";
        } else if (bucket.contains("..")) {
            rule = "no two adjacent dots";
        } else if (IP_ADDRESS.matcher(bucket).matches()) {
            rule = "not formatted as an IP address";
        } else if (bucket.startsWith("xn--") || bucket.startsWith("sthree-") || bucket.endsWith("-s3alias")
                || bucket.endsWith("--ol-s3")) {
            rule = "no reserved prefix (xn--, sthree-) or suffix (-s3alias, --ol-s3)";
        }
        if (rule != null) {
            throw new IllegalArgumentException("S3 bucket name '" + bucket + "' is invalid: it must have " + rule);
        }
    }

    private static String normalisePrefix(String prefix) {
        String trimmed = prefix;
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.isEmpty()) {
            return "";
        }
        if (trimmed.length() > MAX_PREFIX_LENGTH) {
            throw new IllegalArgumentException("S3 prefix '" + prefix + "' is invalid: it must be at most "
                    + MAX_PREFIX_LENGTH + " characters");
        }
        for (String segment : trimmed.split("/", -1)) {
            if (!PREFIX_SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("S3 prefix '" + prefix + "' is invalid: segments must be"
                        + " non-empty, not . or .., and use only A-Z a-z 0-9 ! _ . * ' ( ) -");
            }
        }
        return trimmed + "/";
    }

    private static void checkEndpoint(URI endpoint) {
        String scheme = endpoint.getScheme();
        if (!("http".equals(scheme) || "https".equals(scheme)) || endpoint.getHost() == null) {
            throw new IllegalArgumentException("S3 endpoint '" + endpoint + "' is invalid: it must be an"
                    + " http:// or https:// URL with a host, like https://minio.example.com:9000");
        }
        if (endpoint.getRawUserInfo() != null || endpoint.getRawQuery() != null) {
            // Not echoed whole: user information may be a secret.
            throw new IllegalArgumentException("S3 endpoint for host '" + endpoint.getHost() + "' is invalid:"
                    + " it must not carry user information or a query (credentials come from the AWS"
                    + " credential chain)");
        }
    }

    private static void checkRegion(String region) {
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("S3 region '" + region + "' is invalid: it must use only"
                    + " a-z 0-9 -, like us-east-1");
        }
    }
}
