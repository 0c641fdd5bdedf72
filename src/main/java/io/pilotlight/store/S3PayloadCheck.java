package io.pilotlight.store;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.CRC32C;

/**
 * How the service checks an upload's body, chosen by the endpoint's scheme (docs/s3.md "Integrity of
 * uploads"). Every object the repository writes also names or is named by a SHA-256 of its content,
 * checked on every read; this is the transport's check, so that a body damaged on its way never
 * becomes an object.
 */
enum S3PayloadCheck {
    /**
     * Plain http: the body's SHA-256 is signed ({@code x-amz-content-sha256}, SigV4), and the service
     * recomputes it. Without TLS nothing else protects the body: one SHA-256 pass per byte uploaded.
     */
    SIGNED_SHA256,
    /**
     * https (and AWS itself): {@code UNSIGNED-PAYLOAD}, as AWS's own CLI and SDKs send by default; TLS
     * protects the body in transit and its CRC32C goes in {@code x-amz-checksum-crc32c}, a signed
     * header, which S3 checks against the body it received. CRC32C runs at tens of GiB/s with the
     * CPU's instruction; the SHA-256 it replaces at about 1.4 GiB/s.
     */
    CRC32C;

    /** CRC32C unless the endpoint is plain http. */
    static S3PayloadCheck of(S3Location location) {
        boolean plain = location.endpoint().map(URI::getScheme).map("http"::equalsIgnoreCase).orElse(false);
        return plain ? SIGNED_SHA256 : CRC32C;
    }

    boolean signsPayload() {
        return this == SIGNED_SHA256;
    }

    /** {@code length} bytes of {@code data} from {@code from}: their CRC32C as S3 writes it (base64, big-endian). */
    static String crc32c(byte[] data, int from, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, from, length);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
