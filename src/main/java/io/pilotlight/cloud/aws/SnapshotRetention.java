package io.pilotlight.cloud.aws;

import io.pilotlight.cloud.CloudException;
import io.pilotlight.cloud.CloudException.Kind;
import io.pilotlight.repo.CloudRecords;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.RepositoryException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Retention of the chain: the snapshot of a point that was forgotten goes too. A later snapshot
 * still reads the blocks it inherited (EBS keeps a deleted snapshot's blocks that other snapshots
 * need), so any snapshot may be deleted. Deletes the snapshot first, then its record: a run killed in
 * between deletes the record the next time (the snapshot is then already gone).
 */
public final class SnapshotRetention {
    private final Repository repository;
    private final AwsConnection aws;
    private final Retrying retrying;
    private final CloudRecords records;

    public SnapshotRetention(Repository repository, AwsConnection aws, Retrying retrying) {
        this.repository = repository;
        this.aws = aws;
        this.retrying = retrying;
        this.records = repository.cloudRecords(SnapshotSync.PROVIDER);
    }

    /** Deletes the snapshots (and records) of {@code disk}'s points that no longer exist; returns their ids. */
    public List<String> prune(String disk) throws IOException {
        List<String> deleted = new ArrayList<>();
        for (String point : records.points(disk)) {
            if (exists(disk, point)) {
                continue;
            }
            byte[] json = records.get(disk, point).orElse(null);
            if (json == null) {
                continue;
            }
            SnapshotRecord record = SnapshotRecord.fromJson("cloud record of " + disk + "/" + point, json);
            try {
                retrying.run("EC2 DeleteSnapshot of " + record.snapshotId() + " (point " + disk + "/" + point
                        + " was forgotten)", () -> aws.ec2().deleteSnapshot(r -> r.snapshotId(record.snapshotId())));
            } catch (CloudException e) {
                if (e.kind() != Kind.NOT_FOUND) {
                    throw e;
                }
            }
            records.delete(disk, point);
            deleted.add(record.snapshotId());
        }
        return deleted;
    }

    private boolean exists(String disk, String point) throws IOException {
        try {
            return repository.manifest(disk, point).id().equals(point);
        } catch (RepositoryException e) {
            if (e.kind() == RepositoryException.Kind.UNKNOWN_POINT || e.kind() == RepositoryException.Kind.UNKNOWN_DISK) {
                return false;
            }
            throw e;
        }
    }
}
