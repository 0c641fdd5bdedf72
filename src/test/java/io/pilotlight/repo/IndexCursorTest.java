package io.pilotlight.repo;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.prune.PruneOptions;
import io.pilotlight.repo.prune.Pruner;
import io.pilotlight.repo.seal.Passphrases;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.store.MeteredObjectStore;
import io.pilotlight.store.ObjectInfo;
import io.pilotlight.store.StoreListener;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Format 6 (docs/design.md §5, §15a): a run with this host's table lists {@code index/} from the
 * cursor, so a no-change run lists none of the older files; a file that supersedes covered files
 * (directly, or carried through a replacement that came and went between two runs) makes the table
 * drop them; a format 5 repository is listed whole until its first prune raises it to 6 and rewrites
 * the hex-named files, after which runs list from the cursor.
 */
class IndexCursorTest {
    @TempDir
    Path dir;

    private final List<Hash> blobs = new ArrayList<>();
    private final Random random = new Random(6);
    private final AtomicInteger listedKeys = new AtomicInteger();
    private final AtomicInteger indexReads = new AtomicInteger();
    /** Another host's runs, two hours ago. */
    private final Clock past = Clock.offset(Clock.systemUTC(), Duration.ofHours(-2));

    @Test
    void aNoChangeRunListsOnlyFromTheCursorAndFindsWhatAnotherHostAddedSince() throws IOException {
        threeIndexFiles(6);
        assertThat(indexed()).containsExactlyElementsOf(blobs);
        assertThat(listedKeys).hasValue(3);

        assertThat(indexed()).containsExactlyElementsOf(blobs);
        assertThat(listedKeys).as("the second run lists from the newest file less 15 minutes: that file").hasValue(1);
        assertThat(indexReads).hasValue(0);

        storeBlob(open(Optional.empty(), Clock.systemUTC()));
        assertThat(indexed()).containsExactlyElementsOf(blobs);
        assertThat(listedKeys).as("the newest of the three, and the new one").hasValue(2);
        assertThat(indexReads).hasValue(1);
    }

    @Test
    void aFileSupersedingCoveredFilesMakesTheTableDropThem() throws IOException {
        threeIndexFiles(6);
        indexed();
        List<String> files = indexFiles();
        // A prune completing a plan that deletes the pack of blob 0: one file keeps the rest of files 0 and 1.
        replace(files.subList(0, 2), read(files.get(1)));

        assertThat(indexed()).containsExactly(blobs.get(1), blobs.get(2));
        assertThat(indexed()).containsExactly(blobs.get(1), blobs.get(2));
    }

    @Test
    void aReplacementThatCameAndWentBetweenTwoRunsStillDropsWhatItReplaced() throws IOException {
        threeIndexFiles(6);
        indexed();
        List<String> files = indexFiles();
        String first = replace(files.subList(0, 1), read(files.get(0)));
        replace(List.of(first), Map.of()); // a later prune drops blob 0's pack: nothing of the first is kept

        assertThat(indexFiles()).hasSize(3).doesNotContain(files.get(0), first);
        assertThat(indexed()).as("the second replacement carries the name of file 0").containsExactly(blobs.get(1),
                blobs.get(2));
    }

    @Test
    void aFormat5RepositoryIsListedWholeUntilItsFirstPruneRaisesItAndRewritesItsNames() throws IOException {
        threeIndexFiles(5);
        assertThat(indexFiles()).allMatch(key -> key.matches("index/[0-9a-f]{64}"));
        indexed();
        assertThat(indexed()).containsExactlyElementsOf(blobs);
        assertThat(listedKeys).as("hex names: a full listing").hasValue(3);

        new Pruner(open(Optional.empty(), Clock.systemUTC()), PruneOptions.defaults(), Clock.systemUTC(),
                ProgressListener.NONE).run();

        assertThat(Repository.open(new DirectoryObjectStore(dir.resolve("repo"))).config().format()).isEqualTo(6);
        assertThat(indexFiles()).singleElement().satisfies(key -> assertThat(key).matches("index/t[0-9]{17}-[0-9a-f]{64}"));
        assertThat(indexed()).containsExactlyElementsOf(blobs);
        storeBlob(open(Optional.empty(), Clock.systemUTC()));
        assertThat(indexed()).containsExactlyElementsOf(blobs);
        assertThat(listedKeys).as("from the cursor: the rewritten file and the new one, both stored now").hasValue(2);
        assertThat(indexReads).hasValue(1);
    }

    /**
     * What a process killed (kill -9) between storing a replacement and deleting the files it
     * replaces leaves (§12, §16.6): both, both readable. A cached run whose table covers the old
     * files drops them and finds every blob through the replacement; the next prune deletes them.
     */
    @Test
    void aReplacementLeftBesideTheFilesItReplacesLosesNothingAndTheNextPruneFinishes() throws IOException {
        threeIndexFiles(6);
        indexed();
        List<String> files = indexFiles();
        Map<Hash, List<PackEntry>> merged = new LinkedHashMap<>(read(files.get(0)));
        merged.putAll(read(files.get(1)));
        RepositoryPacks packs = open(Optional.empty(), Clock.systemUTC()).packs();
        packs.indexFiles();
        String replacement = packs.storeIndexFile(merged, files.subList(0, 2)); // killed here: nothing deleted

        assertThat(indexFiles()).hasSize(4);
        assertThat(indexed()).containsExactlyElementsOf(blobs);
        assertThat(indexed()).containsExactlyElementsOf(blobs);

        new Pruner(open(Optional.empty(), Clock.systemUTC()), PruneOptions.defaults(), Clock.systemUTC(),
                ProgressListener.NONE).run();

        assertThat(indexFiles()).containsExactlyInAnyOrder(replacement, files.get(2));
        assertThat(indexed()).containsExactlyElementsOf(blobs);
    }

    private void threeIndexFiles(int format) throws IOException {
        Repository.init(new DirectoryObjectStore(dir.resolve("repo")), 4096);
        if (format < RepoConfig.FORMAT) {
            OldFormat.set(new DirectoryObjectStore(dir.resolve("repo")), format);
        }
        for (int i = 0; i < 3; i++) { // 20 minutes apart: each older than the cursor margin before the next
            storeBlob(open(Optional.empty(), Clock.offset(past, Duration.ofMinutes(20L * i))));
        }
    }

    /** Stores one file holding {@code packs} that supersedes {@code replaced}, then deletes them, as prune does. */
    private String replace(List<String> replaced, Map<Hash, List<PackEntry>> packs) throws IOException {
        RepositoryPacks files = open(Optional.empty(), Clock.systemUTC()).packs();
        files.indexFiles();
        String key = files.storeIndexFile(packs, replaced);
        files.deleteIndexFiles(replaced);
        return key;
    }

    private Map<Hash, List<PackEntry>> read(String key) throws IOException {
        return new LinkedHashMap<>(open(Optional.empty(), Clock.systemUTC()).packs().indexFiles().get(key));
    }

    private List<String> indexFiles() throws IOException {
        return new DirectoryObjectStore(dir.resolve("repo")).list("index/").stream().map(ObjectInfo::key).toList();
    }

    /** One cached run: which of the blobs its writer finds indexed; counts what it listed and read. */
    private List<Hash> indexed() throws IOException {
        listedKeys.set(0);
        indexReads.set(0);
        try (BlobWriter writer = open(Optional.of(dir.resolve("cache")), Clock.systemUTC()).newBlobWriter(1)) {
            return blobs.stream().filter(writer::indexed).toList();
        }
    }

    private void storeBlob(Repository repository) throws IOException {
        blobs.add(RandomBlobs.store(repository, random));
    }

    private Repository open(Optional<Path> cache, Clock clock) throws IOException {
        StoreListener listener = new StoreListener() {
            @Override
            public void requestStarted(Kind kind, String key) {
                if (kind == Kind.GET && key.startsWith("index/")) {
                    indexReads.incrementAndGet();
                }
            }

            @Override
            public void listed(String prefix, int keys) {
                if (prefix.equals("index/")) {
                    listedKeys.addAndGet(keys);
                }
            }
        };
        return Repository.open(new MeteredObjectStore(new DirectoryObjectStore(dir.resolve("repo")), listener),
                Passphrases.NONE, clock, cache);
    }
}
