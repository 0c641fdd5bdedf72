package io.pilotlight.store;

/**
 * How an {@link S3ObjectStore} talks to the service.
 *
 * @param maxConnections HTTP connections kept open to the service, the most requests in flight
 * @param multipartThreshold objects larger than this many bytes are uploaded in parts
 * @param partSize bytes per part of a multipart upload (S3's minimum is 5 MiB, except the last part)
 */
public record S3Options(int maxConnections, long multipartThreshold, long partSize) {
    public static final long MIB = 1024 * 1024;
    /** S3 rejects parts smaller than this (all but the last). */
    public static final long MIN_PART_SIZE = 5 * MIB;
    /** S3 rejects parts larger than this. */
    public static final long MAX_PART_SIZE = 5 * 1024 * MIB;

    public S3Options {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("S3 max connections " + maxConnections + " is invalid: it must be >= 1");
        }
        if (multipartThreshold < 1) {
            throw new IllegalArgumentException("S3 multipart threshold " + multipartThreshold
                    + " is invalid: it must be >= 1 byte");
        }
        if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
            throw new IllegalArgumentException("S3 part size " + partSize + " is invalid: it must be between "
                    + MIN_PART_SIZE + " (5 MiB) and " + MAX_PART_SIZE + " (5 GiB)");
        }
    }

    /** 16 connections, multipart above 64 MiB, 16 MiB parts. */
    public static S3Options defaults() {
        return new S3Options(16, 64 * MIB, 16 * MIB);
    }

    public S3Options withMaxConnections(int newMaxConnections) {
        return new S3Options(newMaxConnections, multipartThreshold, partSize);
    }

    public S3Options withMultipart(long newThreshold, long newPartSize) {
        return new S3Options(maxConnections, newThreshold, newPartSize);
    }
}
