package io.pilotlight.store;

import java.io.IOException;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Put-if-absent with {@code If-None-Match: *}, and whether the service honours it. AWS S3 (since
 * 2024), MinIO and R2 do; some services ignore the header (the second write of the same key then
 * succeeds) or reject it (501 or 400). The store finds out once, lazily, by writing a probe object
 * twice with the header, then deletes it. The probe's name starts with a dot, so it is never a valid
 * key and never listed, even while it exists.
 */
final class S3ConditionalWrites {
    static final String PROBE_PREFIX = ".pilotlight-probe-";
    private static final Logger LOG = LoggerFactory.getLogger(S3ConditionalWrites.class);

    private enum Outcome { CREATED, REFUSED, UNSUPPORTED }

    private final S3Client client;
    private final S3Location location;
    private final String endpoint;
    private final S3ErrorTranslator errors;
    private final S3PayloadCheck check;
    private final Object probeLock = new Object();
    private volatile Boolean supported;

    S3ConditionalWrites(S3Client client, S3Location location, String endpoint, S3ErrorTranslator errors,
            S3PayloadCheck check) {
        this.check = check;
        this.client = client;
        this.location = location;
        this.endpoint = endpoint;
        this.errors = errors;
    }

    /** Whether the service honours {@code If-None-Match: *}; probes it on the first call. */
    boolean supported() throws IOException {
        Boolean known = supported;
        if (known != null) {
            return known;
        }
        synchronized (probeLock) {
            if (supported == null) {
                supported = probe();
            }
            return supported;
        }
    }

    /** Writes {@code data} unless {@code objectKey} exists; true if this call created it. */
    boolean put(String key, String objectKey, byte[] data, Optional<ObjectRetention> retention) throws IOException {
        return write(key, objectKey, data, retention, false) == Outcome.CREATED;
    }

    private boolean probe() throws IOException {
        String probeKey = location.prefix() + PROBE_PREFIX + UUID.randomUUID();
        String key = probeKey.substring(location.prefix().length());
        byte[] data = new byte[0];
        Outcome first = write(key, probeKey, data, Optional.empty(), true);
        try {
            Outcome second = first == Outcome.CREATED ? write(key, probeKey, data, Optional.empty(), true) : first;
            boolean honoured = second == Outcome.REFUSED;
            if (!honoured) {
                LOG.warn("S3 endpoint {} {} If-None-Match on PUT: put-if-absent in {} falls back to HEAD then PUT,"
                        + " which two writers racing for the same key can both win", endpoint,
                        second == Outcome.UNSUPPORTED ? "rejects" : "ignores", location);
            }
            return honoured;
        } finally {
            deleteProbe(probeKey);
        }
    }

    /** CREATED or REFUSED (412); while probing, a 501 or 400 answer is UNSUPPORTED instead of an error. */
    private Outcome write(String key, String objectKey, byte[] data, Optional<ObjectRetention> retention, boolean probing)
            throws IOException {
        try {
            client.putObject(request -> S3ObjectStore.headers(request.bucket(location.bucket()).key(objectKey)
                    .ifNoneMatch("*"), data, retention, check), S3ObjectStore.body(data));
            return Outcome.CREATED;
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                return Outcome.REFUSED;
            }
            if (probing && (e.statusCode() == 501 || e.statusCode() == 400)
                    && !"NoSuchBucket".equals(S3ObjectStore.errorCode(e))) {
                return Outcome.UNSUPPORTED;
            }
            throw errors.translate(e, S3Operation.PUT, key);
        } catch (SdkException e) {
            throw errors.translate(e, S3Operation.PUT, key);
        }
    }

    private void deleteProbe(String probeKey) {
        try {
            client.deleteObject(request -> request.bucket(location.bucket()).key(probeKey));
        } catch (SdkException e) {
            LOG.warn("could not delete probe object {} in bucket {}: {}", probeKey, location.bucket(), e.getMessage());
        }
    }
}
