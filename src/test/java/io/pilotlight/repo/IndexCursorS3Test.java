package io.pilotlight.repo;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.repo.seal.Passphrases;
import io.pilotlight.store.MeteredObjectStore;
import io.pilotlight.store.ObjectStore;
import io.pilotlight.store.S3Options;
import io.pilotlight.store.StoreMeter;
import io.pilotlight.testing.S3ProxyFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Format 6 on S3 (S3Proxy; docs/design.md §15a): a second no-change run with this host's table sends
 * one ListObjectsV2 of {@code index/} with {@code start-after} at the newest index file less 15
 * minutes, and gets back only the files inside that margin: 1 LIST page of 1 key where the first
 * run listed all 1,200 index files in 2 pages.
 */
class IndexCursorS3Test {
    private static final int FILES = 1200;

    @RegisterExtension
    static final S3ProxyFixture SERVER = S3ProxyFixture.withBuckets("cursor");

    @TempDir
    Path dir;

    /** The {@code start-after} of every ListObjectsV2 of {@code index/} sent (empty string: none). */
    private final ConcurrentLinkedQueue<String> indexListings = new ConcurrentLinkedQueue<>();
    private final List<Hash> blobs = new ArrayList<>();

    @Test
    void aSecondNoChangeRunListsOnlyFromTheCursor() throws IOException {
        ObjectStore plain = SERVER.open("s3://cursor/r");
        Repository.init(plain, 4096);
        Clock past = Clock.offset(Clock.systemUTC(), Duration.ofDays(-20));
        for (int i = 0; i < FILES; i++) { // checkpoints 20 minutes apart: only the newest is inside the margin
            storeCheckpoint(plain, Clock.offset(past, Duration.ofMinutes(20L * i)), i);
        }

        StoreMeter first = new StoreMeter();
        assertThat(indexed(first)).containsExactlyElementsOf(blobs);
        assertThat(indexListings).as("two pages (1,000 keys, then a continuation), no start-after").containsExactly("",
                "");

        indexListings.clear();
        StoreMeter second = new StoreMeter();
        assertThat(indexed(second)).containsExactlyElementsOf(blobs);

        assertThat(indexListings).singleElement().satisfies(startAfter -> assertThat(startAfter)
                .matches("r/index/t[0-9]{17}"));
        // The other listings (prune/ and the like) are the same in both runs: index/ went from 2 pages to 1.
        assertThat(second.snapshot().listPages()).isEqualTo(first.snapshot().listPages() - 1);
        assertThat(second.snapshot().listedKeys()).as("the newest index file, inside the margin")
                .isEqualTo(first.snapshot().listedKeys() - FILES + 1);
        assertThat(second.snapshot().of(io.pilotlight.store.StoreListener.Kind.GET).requests())
                .as("no index file read: the table answers").isEqualTo(
                        first.snapshot().of(io.pilotlight.store.StoreListener.Kind.GET).requests() - FILES);
    }

    private List<Hash> indexed(StoreMeter meter) throws IOException {
        ExecutionInterceptor listings = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                var query = context.httpRequest().rawQueryParameters();
                if (query.containsKey("list-type") && query.getOrDefault("prefix", List.of()).contains("r/index/")) {
                    indexListings.add(query.getOrDefault("start-after", List.of("")).get(0));
                }
            }
        };
        ObjectStore store = new MeteredObjectStore(SERVER.open(SERVER.location("s3://cursor/r"), S3Options.defaults(),
                listings), meter);
        Repository repository = Repository.open(store, Passphrases.NONE, Clock.systemUTC(),
                Optional.of(dir.resolve("cache")));
        try (BlobWriter writer = repository.newBlobWriter(1)) {
            return blobs.stream().filter(writer::indexed).toList();
        }
    }

    /** One index file naming one blob of one pack (the index is all a writer's dedup looks at). */
    private void storeCheckpoint(ObjectStore store, Clock clock, int i) throws IOException {
        byte[] data = new byte[100];
        new Random(i).nextBytes(data);
        Hash blob = Hash.of(data);
        Hash pack = Hash.of(java.util.Arrays.copyOf(data, 101));
        new IndexFileWriter(store, ContentIds.SHA256, () -> true, clock).store(java.util.Map.of(pack,
                List.of(new PackEntry(blob, BlobType.DATA, Compression.NONE, 0, 100, 100))));
        blobs.add(blob);
    }
}
