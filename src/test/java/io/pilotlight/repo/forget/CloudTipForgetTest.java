package io.pilotlight.repo.forget;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.replicate.Replicator;
import io.pilotlight.repo.CloudRecords;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.retention.RetentionPolicy;
import io.pilotlight.source.file.FileSource;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.testing.SparseImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk forget keeps the tip of each cloud chain of the disk (the newest existing point with a
 * cloud record, per provider; docs/design.md §19.3), and nothing else on account of cloud records.
 */
class CloudTipForgetTest {
    private static final ForgetOptions KEEP_LAST_ONE = new ForgetOptions(
            RetentionPolicy.EMPTY.with("--keep-last", "1"), ZoneId.of("UTC"), false);
    private static final byte[] RECORD = "{}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private final Random random = new Random(11);
    private Repository repository;
    private final List<PointInfo> points = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        repository = Repository.init(new DirectoryObjectStore(dir.resolve("repo")), 65536);
        Path image = SparseImages.create(dir.resolve("d.img"), 1 << 20);
        for (int i = 0; i < 4; i++) {
            SparseImages.scribble(image, random, 1, 0);
            try (FileSource source = FileSource.open(image)) {
                points.add(new Replicator(repository, ReplicateOptions.defaults(), ProgressListener.NONE)
                        .replicate("d1", source));
            }
        }
    }

    private List<String> ids() throws IOException {
        return repository.manifests("d1").stream().map(Manifest::id).toList();
    }

    private String id(int point) {
        return points.get(point).id();
    }

    @Test
    void theNewestRecordedPointOfEachProviderIsKeptWithTheReason() throws Exception {
        CloudRecords aws = repository.cloudRecords("aws");
        aws.put("d1", id(0), RECORD);
        aws.put("d1", id(1), RECORD);
        aws.put("d1", "zz-forgotten", RECORD); // a record whose point is gone is no tip
        repository.cloudRecords("other").put("d1", id(0), RECORD);
        repository.cloudRecords("aws").put("d2", id(2), RECORD); // another disk's records do not count

        ForgetResult dry = new Forgetter(repository).disk("d1",
                new ForgetOptions(KEEP_LAST_ONE.policy(), KEEP_LAST_ONE.zone(), true));
        assertThat(dry.removedIds()).containsExactly(id(2));
        assertThat(ids()).hasSize(4);

        ForgetResult result = new Forgetter(repository).disk("d1", KEEP_LAST_ONE);
        assertThat(result.removedIds()).containsExactly(id(2));
        assertThat(result.points()).extracting(ForgetResult.Verdict::reasons).containsExactly(
                List.of("newest", "last 1"), List.of(), List.of("tip of the aws snapshot chain"),
                List.of("tip of the other snapshot chain"));
        assertThat(ids()).containsExactly(id(0), id(1), id(3));
    }

    @Test
    void onceANewerPointIsSyncedTheOldTipGoes() throws Exception {
        CloudRecords aws = repository.cloudRecords("aws");
        aws.put("d1", id(1), RECORD);
        new Forgetter(repository).disk("d1", KEEP_LAST_ONE);
        assertThat(ids()).containsExactly(id(1), id(3));

        aws.put("d1", id(3), RECORD);
        ForgetResult result = new Forgetter(repository).disk("d1", KEEP_LAST_ONE);
        assertThat(result.removedIds()).containsExactly(id(1));
        assertThat(result.points().get(0).reasons()).containsExactly("newest", "last 1");
        assertThat(ids()).containsExactly(id(3));
        assertThat(repository.cloudProviders()).containsExactly("aws");
    }

    @Test
    void withoutCloudRecordsNothingChanges() throws Exception {
        assertThat(repository.cloudProviders()).isEmpty();
        ForgetResult result = new Forgetter(repository).disk("d1", KEEP_LAST_ONE);
        assertThat(result.removedIds()).containsExactly(id(2), id(1), id(0));
        assertThat(ids()).containsExactly(id(3));
    }
}
