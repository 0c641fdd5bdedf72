package io.pilotlight.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Uploads one object in parts: create, upload each part, complete. On any failure the upload is
 * aborted, so no parts are left behind for the user to pay for; the object appears only on complete.
 */
final class S3MultipartUpload {
    private static final Logger LOG = LoggerFactory.getLogger(S3MultipartUpload.class);
    /** S3 allows at most this many parts per upload. */
    static final int MAX_PARTS = 10_000;

    private final S3Client client;
    private final String bucket;
    private final S3ErrorTranslator errors;

    private final S3PayloadCheck check;

    S3MultipartUpload(S3Client client, String bucket, S3ErrorTranslator errors, S3PayloadCheck check) {
        this.check = check;
        this.client = client;
        this.bucket = bucket;
        this.errors = errors;
    }

    /** Uploads {@code data} as {@code objectKey} ({@code key} with the store's prefix) in parts. */
    void upload(String key, String objectKey, byte[] data, long partSize, Optional<ObjectRetention> retention)
            throws IOException {
        long size = Math.max(partSize, (data.length + MAX_PARTS - 1L) / MAX_PARTS);
        String uploadId;
        try {
            uploadId = client.createMultipartUpload(request -> {
                request.bucket(bucket).key(objectKey);
                retention.ifPresent(lock -> request.objectLockMode(S3ObjectStore.mode(lock))
                        .objectLockRetainUntilDate(lock.until()).checksumAlgorithm(ChecksumAlgorithm.CRC32));
                if (check == S3PayloadCheck.CRC32C) {
                    request.checksumAlgorithm(ChecksumAlgorithm.CRC32_C);
                }
            }).uploadId();
        } catch (SdkException e) {
            throw errors.translate(e, S3Operation.MULTIPART_UPLOAD, key);
        }
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (long offset = 0; offset < data.length; offset += size) {
                int partNumber = parts.size() + 1;
                int from = (int) offset;
                int length = (int) Math.min(size, data.length - offset);
                String crc32c = check == S3PayloadCheck.CRC32C ? S3PayloadCheck.crc32c(data, from, length) : null;
                UploadPartResponse part = client.uploadPart(request -> {
                            request.bucket(bucket).key(objectKey).uploadId(uploadId).partNumber(partNumber)
                                    .contentLength((long) length).checksumCRC32C(crc32c);
                            if (crc32c == null) {
                                retention.ifPresent(lock -> request.checksumAlgorithm(ChecksumAlgorithm.CRC32));
                            }
                        },
                        RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data, from, length), length,
                                "application/octet-stream"));
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(part.eTag())
                        .checksumCRC32(part.checksumCRC32()).checksumCRC32C(crc32c).build());
            }
            client.completeMultipartUpload(request -> request.bucket(bucket).key(objectKey).uploadId(uploadId)
                    .multipartUpload(upload -> upload.parts(parts)));
        } catch (SdkException e) {
            abort(key, objectKey, uploadId, e);
            throw errors.translate(e, S3Operation.MULTIPART_UPLOAD, key);
        } catch (RuntimeException | Error e) {
            abort(key, objectKey, uploadId, e);
            throw e;
        }
    }

    private void abort(String key, String objectKey, String uploadId, Throwable failure) {
        try {
            client.abortMultipartUpload(request -> request.bucket(bucket).key(objectKey).uploadId(uploadId));
        } catch (SdkException e) {
            IOException abortFailure = errors.translate(e, S3Operation.ABORT_MULTIPART_UPLOAD, key);
            failure.addSuppressed(abortFailure);
            LOG.warn("could not abort multipart upload {} of object {} in bucket {}: {}; its parts stay stored"
                    + " until removed (a lifecycle rule AbortIncompleteMultipartUpload does this)",
                    uploadId, key, bucket, abortFailure.getMessage());
        }
    }
}
