package io.pilotlight.store;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.TlsTrustManagersProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects in an S3 bucket (AWS S3 or any S3-compatible service), key {@code k} stored as
 * {@code prefix + k}. One sync {@link S3Client}, safe for many threads, with at most
 * {@link S3Options#maxConnections()} requests in flight and no retries of its own: failures come
 * back at once as {@link TransientStoreException}, {@link StoreException} or {@link IOException}
 * (see {@link S3ErrorTranslator}) for the retry decorator to judge.
 *
 * <p>Objects above the multipart threshold are uploaded in parts, aborted on failure. A PUT is
 * atomic on S3: readers see the old object or the new one. {@link #putIfAbsent} uses
 * {@code If-None-Match: *} where the service honours it (found out once per store, see
 * {@link S3ConditionalWrites}); elsewhere it falls back to HEAD then PUT, which is not atomic.
 *
 * <p>Objects under the prefix whose names are not valid keys are never listed; the store keeps its
 * own short-lived probe object there ({@code .pilotlight-probe-<uuid>}).
 */
public final class S3ObjectStore implements ObjectStore {
    /** Most keys one DeleteObjects request may name. */
    static final int MAX_DELETE_KEYS = 1000;
    private final S3Client client;
    private final S3Location location;
    private final S3Options options;
    private final S3ErrorTranslator errors;
    private final S3MultipartUpload multipart;
    private final S3ConditionalWrites conditionalWrites;
    private final S3DeleteMarkers deleteMarkers;
    private final S3PayloadCheck check;

    private S3ObjectStore(S3Client client, S3Location location, S3Options options, String endpoint) {
        this.client = client;
        this.location = location;
        this.options = options;
        this.check = S3PayloadCheck.of(location);
        this.errors = new S3ErrorTranslator(location, endpoint);
        this.multipart = new S3MultipartUpload(client, location.bucket(), errors, check);
        this.conditionalWrites = new S3ConditionalWrites(client, location, endpoint, errors, check);
        this.deleteMarkers = new S3DeleteMarkers(client, location, errors);
    }

    /**
     * A store for {@code location}, with credentials from the SDK's default chain (environment,
     * system properties, profile, container or instance role). Makes no request yet.
     */
    public static S3ObjectStore open(S3Location location, S3Options options) {
        return open(location, options, DefaultCredentialsProvider.builder().build(), List.of());
    }

    /** As {@link #open(S3Location, S3Options)}, with the given credentials and SDK interceptors (tests). */
    public static S3ObjectStore open(S3Location location, S3Options options, AwsCredentialsProvider credentials,
            List<ExecutionInterceptor> interceptors) {
        return open(location, options, credentials, interceptors, Optional.empty());
    }

    /**
     * As {@link #open(S3Location, S3Options, AwsCredentialsProvider, List)}, trusting {@code trust}'s
     * certificates instead of the JVM's over https (tests: a server with its own certificate).
     */
    public static S3ObjectStore open(S3Location location, S3Options options, AwsCredentialsProvider credentials,
            List<ExecutionInterceptor> interceptors, Optional<TlsTrustManagersProvider> trust) {
        requireNonNull(location, "location is null");
        requireNonNull(options, "options is null");
        Region region = S3Clients.region(location);
        String endpoint = location.endpoint().map(Object::toString).orElse("AWS S3 (" + region.id() + ")");
        return new S3ObjectStore(S3Clients.create(location, options, region, credentials, interceptors, trust),
                location, options, endpoint);
    }

    @Override
    public void put(String key, byte[] data) throws IOException {
        write(key, data, Optional.empty());
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) throws IOException {
        return writeIfAbsent(key, data, Optional.empty());
    }

    /** Whether the bucket holds objects under Object Lock: S3 says per object; the store assumes yes. */
    @Override
    public boolean supportsRetention() {
        return true;
    }

    /**
     * PUT with {@code x-amz-object-lock-mode} and {@code x-amz-object-lock-retain-until-date} (and a
     * CRC32 checksum, which S3 requires beside them). A bucket without Object Lock refuses it (400 InvalidRequest).
     */
    @Override
    public void putRetained(String key, byte[] data, ObjectRetention retention) throws IOException {
        write(key, data, Optional.of(requireNonNull(retention, "retention is null")));
    }

    @Override
    public boolean putIfAbsentRetained(String key, byte[] data, ObjectRetention retention) throws IOException {
        return writeIfAbsent(key, data, Optional.of(requireNonNull(retention, "retention is null")));
    }

    /**
     * The lock headers of a HEAD ({@code x-amz-object-lock-mode}, {@code -retain-until-date}). S3 sends
     * them only to an identity allowed {@code s3:GetObjectRetention}; without it every object looks
     * unlocked (docs/s3.md lists the permission in the writer's policy). HEAD rather than
     * GetObjectRetention: one request and it is what S3-compatible servers implement most widely.
     */
    @Override
    public Optional<ObjectRetention> retention(String key) throws IOException {
        String objectKey = objectKey(key);
        HeadObjectResponse head;
        try {
            head = client.headObject(request -> request.bucket(location.bucket()).key(objectKey));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new NoSuchObjectException(location(), key);
            }
            throw errors.translate(e, S3Operation.GET_RETENTION, key);
        } catch (SdkException e) {
            throw errors.translate(e, S3Operation.GET_RETENTION, key);
        }
        if (head.objectLockMode() == null || head.objectLockRetainUntilDate() == null
                || head.objectLockMode() == ObjectLockMode.UNKNOWN_TO_SDK_VERSION) {
            return Optional.empty();
        }
        return Optional.of(new ObjectRetention(head.objectLockMode() == ObjectLockMode.COMPLIANCE
                ? ObjectRetention.Mode.COMPLIANCE : ObjectRetention.Mode.GOVERNANCE, head.objectLockRetainUntilDate()));
    }

    @Override
    public void extendRetention(String key, ObjectRetention retention) throws IOException {
        String objectKey = objectKey(key);
        try {
            client.putObjectRetention(request -> request.bucket(location.bucket()).key(objectKey)
                    .checksumAlgorithm(ChecksumAlgorithm.CRC32)
                    .retention(lock -> lock.mode(retention.mode() == ObjectRetention.Mode.COMPLIANCE
                            ? ObjectLockRetentionMode.COMPLIANCE : ObjectLockRetentionMode.GOVERNANCE)
                            .retainUntilDate(retention.until())));
        } catch (SdkException e) {
            throw errors.translate(e, S3Operation.PUT_RETENTION, key);
        }
    }

    private void write(String key, byte[] data, Optional<ObjectRetention> retention) throws IOException {
        String objectKey = objectKey(key);
        requireNonNull(data, "data is null");
        if (data.length > options.multipartThreshold()) {
            multipart.upload(key, objectKey, data, options.partSize(), retention);
            return;
        }
        try {
            client.putObject(request -> headers(request.bucket(location.bucket()).key(objectKey), data, retention,
                    check), body(data));
        } catch (SdkException e) {
            throw errors.translate(e, S3Operation.PUT, key);
        }
    }

    private boolean writeIfAbsent(String key, byte[] data, Optional<ObjectRetention> retention) throws IOException {
        String objectKey = objectKey(key);
        requireNonNull(data, "data is null");
        if (conditionalWrites.supported()) {
            return conditionalWrites.put(key, objectKey, data, retention);
        }
        if (stat(key).isPresent()) {
            return false;
        }
        write(key, data, retention);
        return true;
    }

    /**
     * The checksum and Object Lock headers of a PUT of {@code data}: its CRC32C under {@link
     * S3PayloadCheck#CRC32C}; the lock headers if {@code retention} is there, which S3 accepts only
     * beside a checksum (the CRC32C, else a CRC32 the SDK computes).
     */
    static PutObjectRequest.Builder headers(PutObjectRequest.Builder request, byte[] data,
            Optional<ObjectRetention> retention, S3PayloadCheck check) {
        if (check == S3PayloadCheck.CRC32C) {
            // The algorithm too (x-amz-sdk-checksum-algorithm): S3 asks for it beside Object Lock headers.
            // The SDK sends the value given and computes none of its own.
            request.checksumAlgorithm(ChecksumAlgorithm.CRC32_C)
                    .checksumCRC32C(S3PayloadCheck.crc32c(data, 0, data.length));
        }
        retention.ifPresent(lock -> request.objectLockMode(mode(lock)).objectLockRetainUntilDate(lock.until()));
        if (retention.isPresent() && check == S3PayloadCheck.SIGNED_SHA256) {
            request.checksumAlgorithm(ChecksumAlgorithm.CRC32);
        }
        return request;
    }

    static ObjectLockMode mode(ObjectRetention retention) {
        return retention.mode() == ObjectRetention.Mode.COMPLIANCE ? ObjectLockMode.COMPLIANCE : ObjectLockMode.GOVERNANCE;
    }

    @Override
    public byte[] get(String key) throws IOException {
        String objectKey = objectKey(key);
        try {
            return client.getObject(request -> request.bucket(location.bucket()).key(objectKey), S3Bodies.exact())
                    .asByteArrayUnsafe();
        } catch (SdkException e) {
            throw errors.translate(e, S3Operation.GET, key);
        }
    }

    @Override
    public byte[] get(String key, long offset, int length) throws IOException {
        ObjectRange range = new ObjectRange(ObjectKeys.check(key), offset, length);
        String objectKey = objectKey(key);
        if (length == 0) {
            // HTTP cannot ask for zero bytes; a HEAD still proves the object and the offset exist.
            range.checkWithin(sizeOf(key));
            return new byte[0];
        }
        ResponseBytes<GetObjectResponse> response;
        try {
            response = client.getObject(request -> request.bucket(location.bucket()).key(objectKey)
                    .range("bytes=" + offset + "-" + (range.end() - 1)), S3Bodies.exact());
        } catch (S3Exception e) {
            if (e.statusCode() == 416) {
                range.checkWithin(sizeOf(key));
            }
            throw errors.translate(e, S3Operation.GET, key);
        } catch (SdkException e) {
            throw errors.translate(e, S3Operation.GET, key);
        }
        return rangeOf(range, response);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        String objectKey = objectKey(key);
        try {
            long size = client.headObject(request -> request.bucket(location.bucket()).key(objectKey)).contentLength();
            return Optional.of(new ObjectInfo(key, size));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw errors.translate(e, S3Operation.STAT, key);
        } catch (SdkException e) {
            throw errors.translate(e, S3Operation.STAT, key);
        }
    }

    @Override
    public List<ObjectInfo> list(String prefix) throws IOException {
        return list(prefix, "");
    }

    /** ListObjectsV2 pages (1,000 keys each), with {@code StartAfter} when {@code startAfter} is not empty. */
    @Override
    public List<ObjectInfo> list(String prefix, String startAfter) throws IOException {
        ObjectKeys.checkPrefix(prefix);
        java.util.Objects.requireNonNull(startAfter, "startAfter is null");
        List<ObjectInfo> found = new ArrayList<>();
        try {
            for (S3Object object : client.listObjectsV2Paginator(request -> {
                request.bucket(location.bucket()).prefix(location.prefix() + prefix);
                if (!startAfter.isEmpty()) {
                    request.startAfter(location.prefix() + startAfter);
                }
            }).contents()) {
                String key = object.key().substring(location.prefix().length());
                if (isValidKey(key) && key.compareTo(startAfter) > 0) {
                    found.add(new ObjectInfo(key, object.size()));
                }
            }
        } catch (SdkException e) {
            throw errors.translate(e, S3Operation.LIST, prefix);
        }
        found.sort(Comparator.comparing(ObjectInfo::key));
        return List.copyOf(found);
    }

    @Override
    public List<DeleteMarker> deleteMarkers(String prefix) throws IOException {
        ObjectKeys.checkPrefix(prefix);
        return deleteMarkers.list(prefix).stream().filter(marker -> isValidKey(marker.key())).toList();
    }

    @Override
    public void removeDeleteMarker(DeleteMarker marker) throws IOException {
        deleteMarkers.remove(marker);
    }

    @Override
    public void delete(String key) throws IOException {
        String objectKey = objectKey(key);
        try {
            client.deleteObject(request -> request.bucket(location.bucket()).key(objectKey));
        } catch (S3Exception e) {
            if (e.statusCode() != 404 || "NoSuchBucket".equals(errorCode(e))) {
                throw errors.translate(e, S3Operation.DELETE, key);
            }
        } catch (SdkException e) {
            throw errors.translate(e, S3Operation.DELETE, key);
        }
    }

    /** DeleteObjects, up to 1,000 keys per request; per-key errors are collected and named. */
    @Override
    public void deleteAll(List<String> keys) throws IOException {
        List<String> failed = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += MAX_DELETE_KEYS) {
            List<String> batch = keys.subList(from, Math.min(keys.size(), from + MAX_DELETE_KEYS));
            List<ObjectIdentifier> objects = batch.stream()
                    .map(key -> ObjectIdentifier.builder().key(objectKey(key)).build()).toList();
            DeleteObjectsResponse response;
            try {
                response = client.deleteObjects(request -> request.bucket(location.bucket())
                        .delete(delete -> delete.objects(objects).quiet(true)));
            } catch (SdkException e) {
                throw errors.translate(e, S3Operation.DELETE, batch.get(0) + " and " + (batch.size() - 1) + " more");
            }
            for (S3Error error : response.errors()) {
                if (!"NoSuchKey".equals(error.code())) {
                    failed.add(error.key().substring(location.prefix().length()) + " (" + error.code() + ": "
                            + error.message() + ")");
                }
            }
        }
        if (!failed.isEmpty()) {
            throw new IOException("deleting " + failed.size() + " of " + keys.size() + " objects in " + location()
                    + " failed: " + String.join(", ", failed.subList(0, Math.min(10, failed.size())))
                    + (failed.size() > 10 ? " and " + (failed.size() - 10) + " more" : ""));
        }
    }

    /**
     * Whether the service honours {@code If-None-Match: *} on PUT. Asks it once (a probe object
     * written twice) if not yet known; if that fails, reports false for now and asks again later.
     */
    @Override
    public boolean strongPutIfAbsent() {
        try {
            return conditionalWrites.supported();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String location() {
        return location.toString();
    }

    /** The bucket, prefix and endpoint this store uses. */
    public S3Location s3Location() {
        return location;
    }

    @Override
    public void close() {
        client.close();
    }

    private String objectKey(String key) {
        return location.prefix() + ObjectKeys.check(key);
    }

    private long sizeOf(String key) throws IOException {
        return stat(key).orElseThrow(() -> new NoSuchObjectException(location(), key)).size();
    }

    /** The bytes of {@code range} from a ranged GET, checking the service sent exactly those. */
    private byte[] rangeOf(ObjectRange range, ResponseBytes<GetObjectResponse> response) throws IOException {
        byte[] bytes = response.asByteArrayUnsafe();
        String contentRange = response.response().contentRange();
        if (contentRange == null) {
            // The service ignored the Range header and sent the whole object.
            range.checkWithin(bytes.length);
            return Arrays.copyOfRange(bytes, (int) range.offset(), (int) range.end());
        }
        if (bytes.length != range.length()) {
            int slash = contentRange.lastIndexOf('/');
            String total = slash < 0 ? "*" : contentRange.substring(slash + 1).trim();
            range.checkWithin(total.matches("\\d+") ? Long.parseLong(total) : sizeOf(range.key()));
            throw new IOException("object " + range.key() + " in " + location + ": asked for range [" + range.offset()
                    + ", " + range.end() + ") and got " + bytes.length + " bytes (" + contentRange + ")");
        }
        return bytes;
    }

    static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    /**
     * A request body the SDK can read twice: once to sign its SHA-256 (which the service checks,
     * see S3Clients; over http only), once to send it.
     */
    static RequestBody body(byte[] data) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data), data.length,
                "application/octet-stream");
    }

    private static boolean isValidKey(String key) {
        try {
            ObjectKeys.check(key);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
