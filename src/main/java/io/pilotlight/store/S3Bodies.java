package io.pilotlight.store;

import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Reads a GET's body into one array of its exact length (its {@code Content-Length}): the SDK's own
 * {@code getObjectAsBytes} grows a ByteArrayOutputStream and copies it out at the end, allocating about
 * three times the body (bench/README.md, "W1 through S3": 1.8 GB for a 600 MiB follow, 95% of its
 * allocation).
 */
final class S3Bodies {
    /** The longest array the JVM makes. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private S3Bodies() {}

    static ResponseTransformer<GetObjectResponse, ResponseBytes<GetObjectResponse>> exact() {
        return S3Bodies::read;
    }

    private static ResponseBytes<GetObjectResponse> read(GetObjectResponse response, InputStream body)
            throws IOException {
        Long length = response.contentLength();
        if (length == null || length < 0 || length > MAX_ARRAY) {
            return ResponseBytes.fromByteArrayUnsafe(response, body.readAllBytes());
        }
        byte[] bytes = new byte[(int) (long) length];
        int read = body.readNBytes(bytes, 0, bytes.length);
        if (read < bytes.length) {
            throw new IOException("the body ended after " + read + " of its " + length + " bytes (Content-Length)");
        }
        // read to the end, as getObjectAsBytes did: what the stream checks at its end runs, and a longer
        // body than announced is refused rather than cut
        if (body.read() != -1) {
            throw new IOException("the body is longer than its " + length + " bytes (Content-Length)");
        }
        return ResponseBytes.fromByteArrayUnsafe(response, bytes);
    }
}
