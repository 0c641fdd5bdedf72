package io.pilotlight.cli;

import static io.pilotlight.testing.MotoS3.Identity.ADMIN;
import static io.pilotlight.testing.MotoS3.Identity.READER;
import static io.pilotlight.testing.MotoS3.Identity.WRITER;
import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.testing.MotoS3;
import io.pilotlight.testing.Slow;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * AWS KMS keys of encrypted repositories (docs/design.md §20.2, docs/security.md) against a real KMS
 * implementation, moto's server, with its IAM checks on: the writer has kms:Encrypt and kms:Decrypt,
 * the reader kms:Decrypt only. Repositories are directories: the keys, not the store, are under test.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@Slow
class AwsKmsKeysTest {
    private static final String[] CHEAP_KDF = {"--kdf-memory-mib", "8", "--kdf-iterations", "1"};

    @RegisterExtension
    static final MotoS3 moto = MotoS3.withBuckets();

    @TempDir
    Path temp;

    private static String newKmsKey() {
        try (KmsClient kms = moto.kms(ADMIN)) {
            return kms.createKey(request -> request.description("pilotlight test")).keyMetadata().arn();
        }
    }

    private static String keyIdOf(String arn) {
        return arn.substring(arn.indexOf(":key/") + ":key/".length());
    }

    private CliRun cli(Map<String, String> environment, Path repo, String... command) {
        List<String> args = new ArrayList<>(List.of("--repo", repo.toString()));
        args.addAll(List.of(command));
        return CliRun.run(environment, args.toArray(String[]::new));
    }

    private CliRun ok(Map<String, String> environment, Path repo, String... command) {
        CliRun run = cli(environment, repo, command);
        assertThat(run.exitCode()).as(String.join(" ", command) + ": " + run.err()).isZero();
        return run;
    }

    private Map<String, String> as(MotoS3.Identity identity, String... more) {
        Map<String, String> environment = new HashMap<>(moto.environment(identity));
        for (int i = 0; i < more.length; i += 2) {
            environment.put(more[i], more[i + 1]);
        }
        return environment;
    }

    private String passphraseFile(String name, String passphrase) throws IOException {
        Path file = temp.resolve(name + ".pass");
        Files.writeString(file, passphrase + "\n");
        return file.toString();
    }

    private Path init(String kmsKey) {
        Path repo = temp.resolve("repo-" + Math.abs(kmsKey.hashCode()) + "-" + System.nanoTime());
        CliRun init = ok(as(WRITER), repo, "init", "--encrypt", "--aws-kms-key", kmsKey);
        assertThat(init.err()).contains("encrypted: AES-256-GCM, key aws-kms " + kmsKey).contains("add a passphrase key");
        return repo;
    }

    @Test
    void aKmsKeyOpensTheRepositoryWithoutAPassphrase() throws Exception {
        String kmsKey = newKmsKey();
        Path repo = init(kmsKey);
        Path image = temp.resolve("disk.img");
        writeImage(image);
        ok(as(WRITER), repo, "replicate", "--disk", "d1", "--source", "file:" + image);
        Path restored = temp.resolve("restored.img");
        ok(as(READER), repo, "restore", "--disk", "d1", "--to", restored.toString());
        assertThat(Files.mismatch(restored, image)).isEqualTo(-1);

        String list = ok(as(READER), repo, "key", "list").out();
        assertThat(list.lines()).hasSize(1);
        assertThat(list).startsWith("* ").contains("  aws-kms  " + kmsKey + "  ");
        String keyId = list.substring(2, 18);
        String json = Files.readString(repo.resolve("keys").resolve(keyId));
        assertThat(json).contains("\"kind\" : \"aws-kms\"", "\"kmsKeyId\" : \"" + kmsKey + "\"", "\"checksum\"")
                .doesNotContain("\"kdf\"");

        CliRun denied = cli(as(READER), repo, "key", "add", "--aws-kms-key", kmsKey);
        assertThat(denied.exitCode()).as(denied.err()).isEqualTo(ExitCodes.ACCESS_DENIED);
        assertThat(denied.err()).contains("kms:Encrypt").contains(kmsKey);
        CliRun unreachable = cli(as(READER, "AWS_ENDPOINT_URL_KMS", "http://127.0.0.1:1"), repo, "points");
        assertThat(unreachable.exitCode()).as(unreachable.err()).isEqualTo(ExitCodes.STORE_UNREACHABLE);
        assertThat(unreachable.err()).contains("cannot reach http://127.0.0.1:1 for kms:Decrypt");
        CliRun stranger = cli(as(READER, "AWS_ACCESS_KEY_ID", "AKIANOBODY0000000000"), repo, "points");
        assertThat(stranger.exitCode()).as(stranger.err()).isEqualTo(ExitCodes.BAD_CREDENTIALS);
        CliRun notAnArn = cli(as(WRITER), repo, "key", "add", "--aws-kms-key", "my-key");
        assertThat(notAnArn.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(notAnArn.err()).contains("'my-key' is not an AWS KMS key ARN");
        Path never = temp.resolve("never");
        CliRun plainWithKey = cli(as(WRITER), never, "init", "--aws-kms-key", kmsKey);
        assertThat(plainWithKey.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(plainWithKey.err()).contains("--aws-kms-key needs --encrypt");
        assertThat(cli(as(WRITER), never, "init", "--encrypt", "--aws-kms-key", "alias/dr").exitCode())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(never).doesNotExist();
    }

    @Test
    void aPassphraseKeyBesideAKmsKeyAndRemovingEither() throws Exception {
        String kmsKey = newKmsKey();
        Path repo = init(kmsKey);
        String kmsKeyId = ok(as(WRITER), repo, "key", "list").out().substring(2, 18);
        String right = passphraseFile("right", "a break-glass passphrase");
        List<String> add = new ArrayList<>(List.of("key", "add"));
        add.addAll(List.of(CHEAP_KDF));
        String passphraseKeyId = ok(as(WRITER, "PILOTLIGHT_NEW_PASSWORD_FILE", right), repo, add.toArray(String[]::new))
                .out().strip();
        assertThat(ok(as(READER), repo, "key", "list").out().lines()).hasSize(2)
                .anyMatch(line -> line.startsWith("* " + kmsKeyId + "  aws-kms"))
                .anyMatch(line -> line.startsWith("  " + passphraseKeyId + "  passphrase  argon2id"));

        // A named passphrase never calls KMS: its endpoint here is a closed port.
        Map<String, String> passphraseOnly = Map.of("PILOTLIGHT_PASSWORD_FILE", right, "AWS_ENDPOINT_URL_KMS",
                "http://127.0.0.1:1");
        assertThat(ok(passphraseOnly, repo, "key", "list").out()).contains("* " + passphraseKeyId);
        CliRun wrong = cli(as(WRITER, "PILOTLIGHT_PASSWORD_FILE", passphraseFile("wrong", "not it")), repo, "points");
        assertThat(wrong.exitCode()).as(wrong.err()).isEqualTo(ExitCodes.WRONG_KEY);
        assertThat(wrong.err()).startsWith("pilotlight: wrong passphrase: it opens none of the 1 passphrase keys")
                .contains("its 1 AWS KMS key(s) are used when no passphrase is given");

        ok(passphraseOnly, repo, "key", "remove", kmsKeyId);
        CliRun none = cli(as(WRITER), repo, "points");
        assertThat(none.exitCode()).as(none.err()).isEqualTo(ExitCodes.WRONG_KEY);
        assertThat(none.err()).contains("is encrypted: give its passphrase");

        String again = ok(as(WRITER, "PILOTLIGHT_PASSWORD_FILE", right), repo, "key", "add", "--aws-kms-key", kmsKey)
                .out().strip();
        ok(as(WRITER), repo, "key", "remove", passphraseKeyId);
        CliRun passwd = cli(as(WRITER, "PILOTLIGHT_NEW_PASSWORD_FILE", right), repo, "key", "passwd");
        assertThat(passwd.exitCode()).as(passwd.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(passwd.err()).contains("key " + again + " (AWS KMS key " + kmsKey + ") has no passphrase to change");
        assertThat(ok(as(READER), repo, "key", "list").out().strip()).startsWith("* " + again + "  aws-kms  " + kmsKey);
    }

    @Test
    void aDisabledOrDeletedKmsKeyIsExit28NamingTheKey() throws Exception {
        String first = newKmsKey();
        String second = newKmsKey();
        Path repo = init(first);
        String firstId = ok(as(WRITER), repo, "key", "list").out().substring(2, 18);
        String secondId = ok(as(WRITER), repo, "key", "add", "--aws-kms-key", second).out().strip();
        String right = passphraseFile("break-glass", "kept offline");
        List<String> add = new ArrayList<>(List.of("key", "add"));
        add.addAll(List.of(CHEAP_KDF));
        ok(as(WRITER, "PILOTLIGHT_NEW_PASSWORD_FILE", right), repo, add.toArray(String[]::new));
        try (KmsClient kms = moto.kms(ADMIN)) {
            kms.disableKey(request -> request.keyId(keyIdOf(first))); // moto takes no ARN here
        }
        assertThat(ok(as(READER), repo, "key", "list").out()).contains("* " + secondId);
        CliRun named = cli(as(READER, "PILOTLIGHT_AWS_KMS_KEY", first), repo, "points");
        assertThat(named.exitCode()).as(named.err()).isEqualTo(ExitCodes.KMS_KEY_UNUSABLE);
        assertThat(named.err().strip().lines()).hasSize(1);
        assertThat(named.err()).startsWith("pilotlight: key " + firstId + " (AWS KMS key " + first + "): ")
                .contains("DisabledException").contains("is disabled");

        try (KmsClient kms = moto.kms(ADMIN)) {
            kms.scheduleKeyDeletion(request -> request.keyId(keyIdOf(second)).pendingWindowInDays(7));
        }
        CliRun both = cli(as(READER), repo, "points");
        assertThat(both.exitCode()).as(both.err()).isEqualTo(ExitCodes.KMS_KEY_UNUSABLE);
        assertThat(both.err().strip().lines()).hasSize(1);
        assertThat(both.err()).startsWith("pilotlight: no AWS KMS key opens " + repo)
                .contains("key " + firstId, "is disabled", "key " + secondId, "pending", "KMSInvalidStateException",
                        "no passphrase was given for its 1 passphrase key(s)");
        ok(as(READER, "PILOTLIGHT_PASSWORD_FILE", right), repo, "points");
        CliRun unknown = cli(as(READER, "PILOTLIGHT_AWS_KMS_KEY", "arn:aws:kms:us-east-1:123456789012:key/none"), repo,
                "points");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.WRONG_KEY);
        assertThat(unknown.err()).contains("no key of " + repo + " is wrapped by the AWS KMS key");
    }

    @Test
    void aKeyFileWrappedForAnotherRepositoryIsRefused() throws Exception {
        String kmsKey = newKmsKey();
        Path mine = init(kmsKey);
        Path theirs = init(kmsKey);
        String theirKeyId = ok(as(WRITER), theirs, "key", "list").out().substring(2, 18);
        Path myKey;
        try (var keys = Files.list(mine.resolve("keys"))) {
            myKey = keys.findFirst().orElseThrow();
        }
        Files.copy(theirs.resolve("keys").resolve(theirKeyId), mine.resolve("keys").resolve(theirKeyId));
        Files.delete(myKey);
        CliRun refused = cli(as(WRITER), mine, "points");
        assertThat(refused.exitCode()).as(refused.err()).isEqualTo(ExitCodes.WRONG_KEY);
        assertThat(refused.err()).startsWith("pilotlight: key " + theirKeyId + " (AWS KMS key " + kmsKey
                + ") does not open repository ").contains("InvalidCiphertextException")
                .contains("copied from another repository");

        Path plain = temp.resolve("plain");
        ok(Map.of(), plain, "init");
        CliRun named = cli(as(WRITER, "PILOTLIGHT_AWS_KMS_KEY", kmsKey), plain, "points");
        assertThat(named.exitCode()).as(named.err()).isEqualTo(ExitCodes.REPOSITORY);
    }

    private static void writeImage(Path image) throws IOException {
        Random random = new Random(17);
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(4 << 20);
            byte[] data = new byte[1 << 20];
            random.nextBytes(data);
            file.seek(1 << 20);
            file.write(data);
        }
    }
}
