package io.pilotlight.cloud.aws;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.Repository;
import io.pilotlight.store.DirectoryObjectStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** A sync in a child JVM, for {@link SyncCrashTest}: {@code REPO ENDPOINT DISK POINT}; prints the snapshot id. */
public final class SyncChild {
    private SyncChild() {}

    public static void main(String[] args) throws Exception {
        try (AwsConnection aws = AwsConnection.open(Region.EU_WEST_1, Optional.of(URI.create(args[1])),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(args[4], args[5])), 2)) {
            SyncOptions options = new SyncOptions(1, 60, false, Optional.empty(), Duration.ofMinutes(1), 1);
            SyncResult result = new SnapshotSync(Repository.open(new DirectoryObjectStore(Path.of(args[0]))), aws,
                    Retrying.defaults(Ticker.SYSTEM, args[1]), options, Clock.systemUTC(), ProgressListener.NONE)
                    .sync(args[2], args[3]);
            System.out.println(result.record().snapshotId());
        }
    }
}
