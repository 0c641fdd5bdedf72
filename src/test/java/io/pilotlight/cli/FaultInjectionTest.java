package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.repo.Hash;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19's done-when test: a repository of several disks and a group, one object of each kind
 * damaged (a byte of a chunk in a pack, a truncated pack, a missing pack, an index file, a
 * manifest, a group point; the config in its own test). Every other disk still replicates,
 * restores and is listed; {@code verify} names every fault; {@code repair} and one replicate make
 * every disk's newest point restorable from the source; no restore ever writes wrong bytes.
 */
class FaultInjectionTest {
    private static final int DISK = 3 << 20;
    private static final List<String> DISKS = List.of("clean", "flip", "trunc", "gone", "index", "manifest");

    @TempDir
    Path temp;

    private String repo;
    private final Map<String, Path> images = new LinkedHashMap<>();
    /** Per disk, the objects its first run added. */
    private final Map<String, List<String>> firstRun = new LinkedHashMap<>();
    private final Map<String, String> newest = new LinkedHashMap<>();
    private int restores;

    @Test
    void oneDamagedObjectOfEachKindHarmsOnlyWhatItHolds() throws Exception {
        build();
        String groupPoint = ok("points", "--repo", repo, "--group", "vm").lines().reduce((a, b) -> b).orElseThrow();
        damage();
        String damagedManifest = newest.get("manifest");

        CliRun points = CliRun.run("points", "--repo", repo);
        assertThat(points.exitCode()).as(points.err()).isEqualTo(5);
        for (String disk : DISKS) {
            assertThat(points.out()).as(disk).contains(disk);
        }
        assertThat(points.out()).doesNotContain(newest.get("manifest"));
        assertThat(points.err()).contains("point manifest/" + newest.get("manifest") + " cannot be read");
        CliRun groups = CliRun.run("points", "--repo", repo, "--group", "vm");
        assertThat(groups.exitCode()).isEqualTo(5);
        assertThat(groups.err()).contains("cannot be read");

        CliRun verify = CliRun.run("verify", "--repo", repo);
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isEqualTo(7);
        assertThat(verify.out()).contains("index file", "is damaged", "of disk index", "of disk trunc", "is truncated",
                "of disk gone", "is missing", "point " + newest.get("manifest") + " of disk manifest",
                "of group vm cannot be read");
        CliRun readData = CliRun.run("verify", "--repo", repo, "--read-data");
        assertThat(readData.exitCode()).isEqualTo(7);
        assertThat(readData.out()).contains("of disk flip", "checksum mismatch", "of disk trunc", "of disk gone",
                "of disk index", "of disk manifest", "cannot be restored: ");

        // The rest is untouched: it replicates, restores and is listed.
        change("clean");
        replicate("clean");
        replicateGroup();
        assertRestores("clean");
        assertRestores("vm-a");
        assertRestores("vm-b");
        // A damaged point is refused, never written wrong.
        Path refused = temp.resolve("refused");
        assertThat(CliRun.run("restore", "--repo", repo, "--disk", "flip", "--to", refused.toString()).exitCode())
                .isEqualTo(5);
        assertThat(refused).doesNotExist();

        CliRun index = CliRun.run("repair", "index", "--repo", repo);
        assertThat(index.exitCode()).as(index.out() + index.err()).isEqualTo(7); // the truncated pack is left
        assertThat(index.out()).contains("is damaged and is replaced", "left: pack");
        CliRun packs = CliRun.run("repair", "packs", "--repo", repo);
        assertThat(packs.exitCode()).as(packs.out() + packs.err()).isZero();
        assertThat(packs.out()).contains("does not hash to its name", "taken out of use");
        for (String disk : DISKS) {
            replicate(disk);
        }
        replicateGroup();
        for (String disk : List.of("clean", "flip", "trunc", "gone", "index", "manifest", "vm-a", "vm-b")) {
            assertRestores(disk);
        }
        CliRun dryRun = CliRun.run("repair", "points", "--repo", repo, "--dry-run");
        assertThat(dryRun.exitCode()).as(dryRun.out() + dryRun.err()).isZero();
        assertThat(dryRun.out()).contains("would: point " + damagedManifest + " of disk manifest is removed",
                "would: group point", "of group vm is removed");
        CliRun removal = CliRun.run("repair", "points", "--repo", repo);
        assertThat(removal.out()).isEqualTo(dryRun.out().replace("would: ", "").replace(" (dry run)", ""));
        CliRun clean = CliRun.run("verify", "--repo", repo, "--read-data");
        assertThat(clean.exitCode()).as(clean.out()).isZero();
        assertThat(CliRun.run("points", "--repo", repo).exitCode()).isZero();
        assertThat(ok("points", "--repo", repo, "--group", "vm")).doesNotContain(groupPoint.substring(0, 22));
        for (String disk : List.of("clean", "flip", "trunc", "gone", "index", "manifest")) {
            assertRestores(disk);
        }
    }

    @Test
    void aDamagedOrMissingConfigIsRewrittenFromThePointsKeepingTheId() throws Exception {
        repo = temp.resolve("repo").toString();
        String id = ok("init", "--repo", repo).strip();
        Random random = new Random(7);
        for (String disk : List.of("one", "two")) {
            byte[] bytes = new byte[DISK];
            random.nextBytes(bytes);
            images.put(disk, Files.write(temp.resolve(disk + ".img"), bytes));
            replicate(disk);
        }
        Path config = temp.resolve("repo/config");
        flip(config, Files.size(config) - 1); // the checksum: the body still holds the id
        for (String[] command : new String[][] {{"points"}, {"verify"}, {"replicate", "--disk", "one", "--source",
                "file:" + images.get("one")}}) {
            List<String> args = new java.util.ArrayList<>(List.of(command));
            args.addAll(List.of("--repo", repo));
            CliRun run = CliRun.run(args.toArray(String[]::new));
            assertThat(run.exitCode()).as(args.toString()).isEqualTo(5);
            assertThat(run.err()).contains("config: checksum mismatch", "pilotlight repair config");
        }
        CliRun what = CliRun.run("repair", "--repo", repo);
        assertThat(what.exitCode()).isEqualTo(2);
        assertThat(what.err()).contains("index, packs, points, config or delete-markers");
        CliRun dryRun = CliRun.run("repair", "config", "--repo", repo, "--dry-run");
        assertThat(dryRun.out()).contains("would: config is damaged", "id " + id);
        assertThat(CliRun.run("points", "--repo", repo).exitCode()).as("a dry run writes nothing").isEqualTo(5);
        CliRun repair = CliRun.run("repair", "config", "--repo", repo);
        assertThat(repair.exitCode()).as(repair.err()).isZero();
        assertThat(repair.out()).contains("config: id " + id + ", grain size 65536, segment grains 16384");
        assertThat(ok("repair", "config", "--repo", repo)).contains("nothing to repair");

        Files.delete(config);
        CliRun missing = CliRun.run("repair", "config", "--repo", repo, "--id", id);
        assertThat(missing.exitCode()).as(missing.err()).isZero();
        assertThat(missing.out()).contains("config is missing", "id " + id);
        change("one");
        replicate("one");
        assertRestores("one");
        assertRestores("two");
        assertThat(CliRun.run("verify", "--repo", repo, "--read-data").exitCode()).isZero();
    }

    /** Six disks and a group of two, each replicated twice with a change between. */
    private void build() throws IOException {
        repo = temp.resolve("repo").toString();
        ok("init", "--repo", repo);
        Random random = new Random(19);
        for (String disk : List.of("clean", "flip", "trunc", "gone", "index", "manifest", "a", "b")) {
            byte[] bytes = new byte[DISK];
            random.nextBytes(bytes);
            Path image = temp.resolve(disk + ".img");
            Files.write(image, bytes);
            images.put(disk.length() == 1 ? "vm-" + disk : disk, image);
        }
        for (String disk : DISKS) {
            Set<String> before = objects();
            replicate(disk);
            Set<String> added = objects();
            added.removeAll(before);
            firstRun.put(disk, added.stream().sorted().toList());
        }
        replicateGroup();
        for (String disk : List.of("clean", "flip", "trunc", "gone", "index", "manifest", "vm-a", "vm-b")) {
            change(disk);
        }
        for (String disk : DISKS) {
            replicate(disk);
        }
        replicateGroup();
    }

    private void damage() throws IOException {
        flip(file(only("flip", "data/")), 100);
        Path truncated = file(only("trunc", "data/"));
        try (RandomAccessFile raf = new RandomAccessFile(truncated.toFile(), "rw")) {
            raf.setLength(raf.length() / 2);
        }
        Files.delete(file(only("gone", "data/")));
        flip(file(only("index", "index/")), 20);
        flip(temp.resolve("repo/points/manifest/" + newest.get("manifest")), 30);
        List<Path> groupPoints;
        try (Stream<Path> files = Files.list(temp.resolve("repo/groups/vm"))) {
            groupPoints = files.sorted().toList();
        }
        flip(groupPoints.get(groupPoints.size() - 1), 30);
    }

    private String only(String disk, String prefix) {
        List<String> keys = firstRun.get(disk).stream().filter(k -> k.startsWith(prefix)).toList();
        assertThat(keys).as(disk + " " + prefix).hasSize(1);
        return keys.get(0);
    }

    private Path file(String key) {
        return temp.resolve("repo").resolve(key);
    }

    private Set<String> objects() throws IOException {
        Path root = temp.resolve("repo");
        try (Stream<Path> files = Files.walk(root)) {
            Set<String> keys = new HashSet<>();
            files.filter(Files::isRegularFile).forEach(f -> keys.add(root.relativize(f).toString()));
            return keys;
        }
    }

    /** Writes 64 KiB of new random bytes at 2.5 MiB of the disk's image. */
    private void change(String disk) throws IOException {
        byte[] bytes = new byte[65536];
        new Random(disk.hashCode()).nextBytes(bytes);
        try (RandomAccessFile raf = new RandomAccessFile(images.get(disk).toFile(), "rw")) {
            raf.seek(5L << 19);
            raf.write(bytes);
        }
    }

    private void replicate(String disk) {
        CliRun run = CliRun.run("replicate", "--repo", repo, "--disk", disk, "--source", "file:" + images.get(disk));
        assertThat(run.exitCode()).as(disk + ": " + run.err()).isZero();
        newest.put(disk, run.out().strip());
    }

    private void replicateGroup() {
        CliRun run = CliRun.run("replicate", "--repo", repo, "--group", "vm", "--source", "a=file:" + images.get("vm-a"),
                "--source", "b=file:" + images.get("vm-b"));
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    /** The disk's newest point restores to exactly its source's bytes (compared by SHA-256). */
    private void assertRestores(String disk) throws IOException {
        Path target = temp.resolve("restored-" + disk + "-" + restores++);
        CliRun run = CliRun.run("restore", "--repo", repo, "--disk", disk, "--to", target.toString());
        assertThat(run.exitCode()).as(disk + ": " + run.err()).isZero();
        assertThat(Hash.of(Files.readAllBytes(target))).as(disk)
                .isEqualTo(Hash.of(Files.readAllBytes(images.get(disk))));
    }

    private static String ok(String... args) {
        CliRun run = CliRun.run(args);
        assertThat(run.exitCode()).as(String.join(" ", args) + ": " + run.err()).isZero();
        return run.out();
    }

    static void flip(Path file, long position) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            int value = raf.read();
            raf.seek(position);
            raf.write(value ^ 0x5a);
        }
    }

}
