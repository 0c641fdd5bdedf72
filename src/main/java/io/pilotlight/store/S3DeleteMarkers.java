package io.pilotlight.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * Delete markers of a versioned bucket (docs/design.md §21.3): ListObjectVersions finds the keys whose
 * current version is a marker and the newest real version under each; a HEAD of that version reads its
 * retention. Removing a marker is a DeleteObject of the marker's version id
 * ({@code s3:DeleteObjectVersion}), which Object Lock allows (markers are never locked).
 */
final class S3DeleteMarkers {
    private final S3Client client;
    private final S3Location location;
    private final S3ErrorTranslator errors;

    S3DeleteMarkers(S3Client client, S3Location location, S3ErrorTranslator errors) {
        this.client = client;
        this.location = location;
        this.errors = errors;
    }

    List<DeleteMarker> list(String prefix) throws IOException {
        Map<String, DeleteMarkerEntry> current = new LinkedHashMap<>();
        Map<String, ObjectVersion> newest = new HashMap<>();
        try {
            for (ListObjectVersionsResponse page : client.listObjectVersionsPaginator(request -> request
                    .bucket(location.bucket()).prefix(location.prefix() + prefix))) {
                for (DeleteMarkerEntry marker : page.deleteMarkers()) {
                    if (Boolean.TRUE.equals(marker.isLatest())) {
                        current.put(marker.key(), marker);
                    }
                }
                for (ObjectVersion version : page.versions()) {
                    newest.merge(version.key(), version, (a, b) -> a.lastModified().isAfter(b.lastModified()) ? a : b);
                }
            }
        } catch (SdkException e) {
            throw errors.translate(e, S3Operation.LIST_VERSIONS, prefix);
        }
        List<DeleteMarker> found = new ArrayList<>();
        for (DeleteMarkerEntry marker : current.values()) {
            String key = marker.key().substring(location.prefix().length());
            Optional<ObjectVersion> hidden = Optional.ofNullable(newest.get(marker.key()));
            found.add(new DeleteMarker(key, marker.versionId(), hidden.map(ObjectVersion::versionId),
                    hidden.isEmpty() ? Optional.empty() : retention(key, marker.key(), hidden.get().versionId())));
        }
        found.sort(Comparator.comparing(DeleteMarker::key));
        return List.copyOf(found);
    }

    void remove(DeleteMarker marker) throws IOException {
        try {
            client.deleteObject(request -> request.bucket(location.bucket()).key(location.prefix() + marker.key())
                    .versionId(marker.markerVersion()));
        } catch (SdkException e) {
            throw errors.translate(e, S3Operation.DELETE_VERSION, marker.key());
        }
    }

    private Optional<ObjectRetention> retention(String key, String objectKey, String version) throws IOException {
        HeadObjectResponse head;
        try {
            head = client.headObject(request -> request.bucket(location.bucket()).key(objectKey).versionId(version));
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
}
