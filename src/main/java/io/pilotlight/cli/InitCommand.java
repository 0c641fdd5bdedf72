package io.pilotlight.cli;

import io.pilotlight.repo.ObjectLock;
import io.pilotlight.repo.RepoConfig;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.RepositoryKeys;
import io.pilotlight.store.ObjectStore;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "init", description = "Create a repository. Prints its id.")
final class InitCommand implements Callable<Integer> {
    @ParentCommand
    PilotlightCommand top;

    @Option(names = "--grain-size", paramLabel = "SIZE", defaultValue = "64K", converter = GrainSize.Converter.class,
            description = "Unit of change: a power of two between 4K and 1M (default: ${DEFAULT-VALUE}).")
    int grainSize;

    @Option(names = "--json", description = "Print the repository's configuration as JSON.")
    boolean json;

    @Option(names = "--lock-days", paramLabel = "DAYS", description = "Keep every restore point under S3 Object Lock"
            + " for DAYS days: no credential can delete or overwrite it sooner (needs an S3 bucket with Object Lock"
            + " enabled; recorded in the repository, so every writer applies it). See docs/s3.md.")
    Integer lockDays;

    @Option(names = "--lock-mode", paramLabel = "MODE", defaultValue = "compliance",
            description = "Object Lock mode with --lock-days: compliance (nobody can shorten it) or governance"
                    + " (an identity with s3:BypassGovernanceRetention can); default: ${DEFAULT-VALUE}.")
    String lockMode;

    @Option(names = "--encrypt", description = "Encrypt the repository (AES-256-GCM under a random master key, opened"
            + " by a passphrase from PILOTLIGHT_PASSWORD_FILE, PILOTLIGHT_PASSWORD_COMMAND or the terminal;"
            + " docs/security.md). Keep the passphrase on the recovery site: without it no point can be read.")
    boolean encrypt;

    @Option(names = "--aws-kms-key", paramLabel = "ARN", description = "With --encrypt: wrap the master key with this"
            + " AWS KMS key (arn:aws:kms:REGION:ACCOUNT:key/ID or …:alias/NAME) instead of a passphrase; opened with"
            + " kms:Decrypt when no passphrase is given (docs/security.md).")
    String kmsKey;

    @Mixin
    KeyCommand.Cost cost;

    /** The first key: the AWS KMS key if named, else a passphrase from the file or command, else typed twice. */
    private RepositoryKeys.NewKey firstKey(RepoLocation location) throws java.io.IOException {
        EnvironmentPassphrases passphrases = top.passphrases();
        if (kmsKey != null) {
            return KeyCommand.kmsKey(kmsKey, passphrases);
        }
        return new RepositoryKeys.NewKey(passphrases.passphraseNamed()
                ? passphrases.passphrase("repository " + location) : passphrases.newPassphrase(), cost.params());
    }

    @Override
    public Integer call() throws Exception {
        RepoLocation location = top.repoLocation();
        if (kmsKey != null && !encrypt) {
            throw new IllegalArgumentException("--aws-kms-key needs --encrypt: it names the key that opens an"
                    + " encrypted repository");
        }
        if (kmsKey != null) {
            io.pilotlight.repo.seal.aws.AwsKms.checkArn(kmsKey);
        }
        try (ObjectStore store = top.openStoreForInit(location)) {
            Optional<RepositoryKeys.NewKey> key = encrypt ? Optional.of(firstKey(location)) : Optional.empty();
            RepoConfig config = Repository.init(store, grainSize, objectLock(), key, java.time.Clock.systemUTC())
                    .config();
            if (json) {
                Json.print(Json.object(config), top.out());
            } else {
                top.out().println(config.id());
            }
            top.note("created repository " + config.id() + " in " + location
                    + " (grain size " + ByteSize.format(config.grainSize()) + (config.encrypted()
                    ? ", encrypted: AES-256-GCM, key " + (kmsKey != null ? "aws-kms " + kmsKey
                    : cost.params().summary()) : ", not encrypted") + ")");
            if (kmsKey != null) {
                top.note("the repository opens only while that KMS key is enabled: add a passphrase key too (pilotlight"
                        + " key add), kept offline, so a disabled or deleted KMS key does not lose every point");
            }
        }
        return ExitCodes.OK;
    }

    private java.util.Optional<ObjectLock> objectLock() {
        return java.util.Optional.ofNullable(lockDays).map(days -> new ObjectLock(lockMode, days));
    }
}
