package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.nbd.NbdAddress;
import io.pilotlight.nbd.NbdClient;
import io.pilotlight.store.ObjectInfo;
import io.pilotlight.store.S3ObjectStore;
import io.pilotlight.testing.S3ProxyFixture;
import io.pilotlight.testing.Slow;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encrypted repositories through the command line (docs/security.md), on a directory and on S3
 * (S3Proxy in this JVM): rounds of changing data, restore, follow, serve, export; no object holds the
 * disk's marker text; every flipped byte and every swapped body is caught and named; a wrong
 * passphrase is exit 27 with one line; keys are added, removed and changed without re-encrypting.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@Slow
class EncryptedRepositoryTest {
    private static final String BUCKET = "sealed";
    private static final byte[] MARKER = "PILOTLIGHT-MARKER-TEXT-0123456789".getBytes(StandardCharsets.US_ASCII);
    private static final String[] CHEAP_KDF = {"--kdf-memory-mib", "8", "--kdf-iterations", "1"};

    @RegisterExtension
    static final S3ProxyFixture server = S3ProxyFixture.withBuckets(BUCKET);

    @TempDir
    Path temp;

    private final Map<String, String> environment = new HashMap<>();

    private CliRun cli(String repo, String... command) {
        List<String> args = new ArrayList<>(List.of("--repo", repo));
        if (repo.startsWith("s3://")) {
            args.addAll(List.of("--s3-endpoint", server.endpoint().toString()));
        }
        args.addAll(List.of(command));
        return CliRun.run(environment, args.toArray(String[]::new));
    }

    private CliRun ok(String repo, String... command) {
        CliRun run = cli(repo, command);
        assertThat(run.exitCode()).as(String.join(" ", command) + ": " + run.err()).isZero();
        return run;
    }

    private void passphrase(String name, String value) throws IOException {
        Path file = temp.resolve(name + ".pass");
        Files.writeString(file, value + "\n");
        environment.put(name.equals("new") ? "PILOTLIGHT_NEW_PASSWORD_FILE" : "PILOTLIGHT_PASSWORD_FILE",
                file.toString());
    }

    @Test
    void directoryRoundTripsHideTheDataAndCatchEveryChange() throws Exception {
        String repo = temp.resolve("repo").toString();
        roundTrips(repo);
        Path root = Path.of(repo);
        assertNoMarker(root);
        everyFlippedByteIsCaught(repo, root);
        swappedBodiesAreCaught(repo, root);
    }

    @Test
    void s3RoundTripsHideTheData() throws Exception {
        try (SdkKeys keys = SdkKeys.set(S3ProxyFixture.ACCESS_KEY, S3ProxyFixture.SECRET_KEY)) {
            roundTrips("s3://" + BUCKET + "/enc");
        }
        try (S3ObjectStore store = server.open("s3://" + BUCKET + "/enc")) {
            List<ObjectInfo> objects = store.list("");
            assertThat(objects).hasSizeGreaterThan(5);
            for (ObjectInfo object : objects) {
                assertThat(indexOf(store.get(object.key()), MARKER)).as(object.key()).isEqualTo(-1);
            }
        }
    }

    private void roundTrips(String repo) throws Exception {
        passphrase("first", "correct horse battery staple");
        List<String> init = new ArrayList<>(List.of("init", "--encrypt"));
        init.addAll(List.of(CHEAP_KDF));
        assertThat(ok(repo, init.toArray(String[]::new)).err()).contains("encrypted: AES-256-GCM");
        Path image = temp.resolve("disk.img");
        writeImage(image);
        Path follower = temp.resolve("follow.img");
        List<Path> copies = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            if (round > 0) {
                change(image, round);
            }
            ok(repo, "replicate", "--disk", "d1", "--source", "file:" + image);
            Path copy = temp.resolve("round" + round + ".img");
            Files.copy(image, copy);
            copies.add(copy);
            ok(repo, "follow", "--disk", "d1", "--to", follower.toString());
            assertThat(Files.mismatch(follower, image)).as("follower after round " + round).isEqualTo(-1);
        }
        Path restored = temp.resolve("restored-" + repo.hashCode() + ".img");
        String first = ok(repo, "points", "--disk", "d1", "--json").out().split("\"id\"\\s*:\\s*\"")[1].split("\"")[0];
        ok(repo, "restore", "--disk", "d1", "--point", first, "--to", restored.toString());
        assertThat(Files.mismatch(restored, copies.get(0))).isEqualTo(-1);
        Path exported = temp.resolve("export-" + repo.hashCode() + ".raw");
        ok(repo, "export", "--disk", "d1", "--format", "raw", "--to", exported.toString());
        assertThat(Files.mismatch(exported, image)).isEqualTo(-1);
        assertThat(ok(repo, "verify", "--read-data").out()).startsWith("no faults: 3 points");
        served(repo, image);
        wrongPassphraseIsExit27(repo);
        keysRotate(repo, image);
    }

    private void served(String repo, Path image) throws Exception {
        Path socket = temp.resolve("serve-" + Math.abs(repo.hashCode()) + ".sock");
        AtomicReference<CliRun> result = new AtomicReference<>();
        Thread serving = new Thread(() -> result.set(cli(repo, "serve", "--disk", "d1", "--listen", "unix:" + socket)));
        serving.start();
        String uri = "nbd+unix:///d1?socket=" + socket;
        ByteBuffer read = ByteBuffer.allocate(1 << 20);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (NbdClient client = NbdClient.connect(NbdAddress.parse(uri), List.of("base:allocation"))) {
                client.read(3 << 20, read);
                break;
            } catch (IOException e) {
                if (!serving.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("serve: " + (result.get() != null ? result.get().err() : ""), e);
                }
                Thread.sleep(10);
            }
        }
        byte[] expected = new byte[1 << 20];
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "r")) {
            file.seek(3 << 20);
            file.readFully(expected);
        }
        assertThat(Arrays.equals(read.array(), expected)).as("1 MiB served at 3 MiB").isTrue();
        serving.interrupt();
        serving.join(10_000);
        assertThat(serving.isAlive()).isFalse();
    }

    private void wrongPassphraseIsExit27(String repo) throws IOException {
        String right = environment.get("PILOTLIGHT_PASSWORD_FILE");
        passphrase("wrong", "not the passphrase");
        CliRun wrong = cli(repo, "points");
        assertThat(wrong.exitCode()).as(wrong.err()).isEqualTo(ExitCodes.WRONG_KEY);
        assertThat(wrong.err().strip().lines()).hasSize(1);
        assertThat(wrong.err()).startsWith("pilotlight: wrong passphrase").doesNotContain("not the passphrase");
        environment.remove("PILOTLIGHT_PASSWORD_FILE");
        CliRun none = cli(repo, "restore", "--disk", "d1", "--to", temp.resolve("never.img").toString());
        assertThat(none.exitCode()).as(none.err()).isEqualTo(ExitCodes.WRONG_KEY);
        assertThat(none.err()).contains("is encrypted: give its passphrase");
        environment.put("PILOTLIGHT_PASSWORD_COMMAND", "printf 'correct horse battery staple\\n'");
        ok(repo, "points");
        environment.remove("PILOTLIGHT_PASSWORD_COMMAND");
        environment.put("PILOTLIGHT_PASSWORD_FILE", right);
    }

    /** Adds a key, removes the first, opens with the new one; the data objects are untouched. */
    private void keysRotate(String repo, Path image) throws Exception {
        String oldId = ok(repo, "key", "list").out().strip().substring(2, 18);
        passphrase("new", "second passphrase");
        List<String> add = new ArrayList<>(List.of("key", "add"));
        add.addAll(List.of(CHEAP_KDF));
        String added = ok(repo, add.toArray(String[]::new)).out().strip();
        assertThat(ok(repo, "key", "list").out().lines()).hasSize(2);
        passphrase("first", "second passphrase");
        ok(repo, "key", "remove", oldId);
        assertThat(ok(repo, "key", "list").out()).contains("* " + added).doesNotContain(oldId);
        CliRun last = cli(repo, "key", "remove", added);
        assertThat(last.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(last.err()).contains("is the last key");
        passphrase("new", "third passphrase");
        String changed = ok(repo, "key", "passwd").out().strip();
        passphrase("first", "second passphrase");
        assertThat(cli(repo, "points").exitCode()).isEqualTo(ExitCodes.WRONG_KEY);
        passphrase("first", "third passphrase");
        assertThat(ok(repo, "key", "list").out()).contains("* " + changed);
        Path restored = temp.resolve("after-rotation-" + Math.abs(repo.hashCode()) + ".img");
        ok(repo, "restore", "--disk", "d1", "--to", restored.toString());
        assertThat(Files.mismatch(restored, image)).isEqualTo(-1);
    }

    private static void assertNoMarker(Path root) throws IOException {
        List<Path> objects = objects(root);
        assertThat(objects).hasSizeGreaterThan(5);
        for (Path object : objects) {
            assertThat(indexOf(Files.readAllBytes(object), MARKER)).as(root.relativize(object).toString()).isEqualTo(-1);
        }
    }

    /** Flips one byte of each sealed object in turn: verify --read-data names the object. */
    private void everyFlippedByteIsCaught(String repo, Path root) throws IOException {
        Random random = new Random(5);
        for (Path object : objects(root)) {
            String key = root.relativize(object).toString();
            if (key.equals("config") || key.startsWith("keys/") || key.startsWith("locks/")) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(object);
            int at = random.nextInt(bytes.length);
            bytes[at] ^= 0x20;
            Files.write(object, bytes);
            CliRun verify = cli(repo, "verify", "--read-data");
            assertThat(verify.exitCode()).as(key + " byte " + at + " flipped: " + verify.out() + verify.err())
                    .isNotZero();
            assertThat(verify.out() + verify.err()).as(key).contains(key);
            bytes[at] ^= 0x20;
            Files.write(object, bytes);
        }
        assertThat(ok(repo, "verify", "--read-data").out()).startsWith("no faults");
    }

    /** Two packs' bodies swapped, then two manifests' bodies swapped: both caught, both named. */
    private void swappedBodiesAreCaught(String repo, Path root) throws IOException {
        for (String prefix : new String[] {"data/", "points/"}) {
            List<Path> two = objects(root).stream().filter(p -> root.relativize(p).toString().startsWith(prefix))
                    .limit(2).toList();
            assertThat(two).as(prefix).hasSize(2);
            byte[] a = Files.readAllBytes(two.get(0));
            byte[] b = Files.readAllBytes(two.get(1));
            Files.write(two.get(0), b);
            Files.write(two.get(1), a);
            CliRun verify = cli(repo, "verify", "--read-data");
            assertThat(verify.exitCode()).as(prefix + " swapped: " + verify.out()).isNotZero();
            assertThat(verify.out() + verify.err()).contains(root.relativize(two.get(0)).toString())
                    .contains(root.relativize(two.get(1)).toString()).contains("fails authentication");
            Files.write(two.get(0), a);
            Files.write(two.get(1), b);
        }
        assertThat(ok(repo, "verify", "--read-data").out()).startsWith("no faults");
    }

    private static List<Path> objects(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** 12 MiB, sparse: random extents, and one of the marker text repeated (compressible, so stored compressed too). */
    private static void writeImage(Path image) throws IOException {
        Random random = new Random(41);
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(12 << 20);
            byte[] data = new byte[2 << 20];
            random.nextBytes(data);
            file.seek(2 << 20);
            file.write(data);
            byte[] text = new byte[1 << 20];
            for (int i = 0; i + MARKER.length <= text.length; i += MARKER.length + 7) {
                System.arraycopy(MARKER, 0, text, i, MARKER.length);
            }
            file.seek(6 << 20);
            file.write(text);
            random.nextBytes(data);
            for (int i = 0; i < 8; i++) {
                System.arraycopy(MARKER, 0, data, i * 4096 + 100, MARKER.length);
            }
            file.seek(8 << 20);
            file.write(data);
        }
    }

    private static void change(Path image, int round) throws IOException {
        Random random = new Random(42 + round);
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            for (int i = 0; i < 6; i++) {
                byte[] data = new byte[64 * 1024];
                random.nextBytes(data);
                System.arraycopy(MARKER, 0, data, 10, MARKER.length);
                file.seek(random.nextLong(file.length() - data.length));
                file.write(data);
            }
        }
    }
}
