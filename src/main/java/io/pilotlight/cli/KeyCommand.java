package io.pilotlight.cli;

import io.pilotlight.repo.Repository;
import io.pilotlight.repo.RepositoryException;
import io.pilotlight.repo.RepositoryKeys;
import io.pilotlight.repo.seal.Argon2Params;
import io.pilotlight.repo.seal.DamagedKeyFileException;
import io.pilotlight.repo.seal.KeyFile;
import io.pilotlight.repo.seal.KeyRing;
import io.pilotlight.repo.seal.aws.AwsKms;
import io.pilotlight.store.ObjectStore;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code key list | add | remove | passwd}: the keys of an encrypted repository (docs/security.md).
 * The repository is opened with the current passphrase; a new one comes from
 * {@code PILOTLIGHT_NEW_PASSWORD_FILE} or the terminal. No data is re-encrypted.
 */
@Command(name = "key", description = "List, add, remove or change the keys (passphrases, AWS KMS keys) of an"
        + " encrypted repository.",
        subcommands = {KeyCommand.ListKeys.class, KeyCommand.Add.class, KeyCommand.Remove.class,
                KeyCommand.Passwd.class})
final class KeyCommand {
    @ParentCommand
    PilotlightCommand top;

    /** Argon2id cost of a new key. */
    static final class Cost {
        @Option(names = "--kdf-memory-mib", paramLabel = "MIB", defaultValue = "64",
                description = "Argon2id memory for the new key (default: ${DEFAULT-VALUE} MiB).")
        int memoryMib;

        @Option(names = "--kdf-iterations", paramLabel = "N", defaultValue = "3",
                description = "Argon2id passes for the new key (default: ${DEFAULT-VALUE}).")
        int iterations;

        Argon2Params params() {
            return Argon2Params.fresh(memoryMib * 1024, iterations);
        }
    }

    interface KeyAction {
        int run(PilotlightCommand top, RepositoryKeys keys) throws IOException;
    }

    /** A new key wrapped by the AWS KMS key {@code arn}, through the client the environment gives. */
    static RepositoryKeys.NewKey kmsKey(String arn, EnvironmentPassphrases passphrases) {
        AwsKms.checkArn(arn);
        return RepositoryKeys.NewKey.awsKms(arn, passphrases.kms().orElseThrow());
    }

    static int withKeys(PilotlightCommand top, KeyAction action) throws IOException {
        try (ObjectStore store = top.openExistingStore()) {
            Repository repository = top.openRepository(store);
            RepositoryKeys keys = repository.keys().orElseThrow(() -> new RepositoryException(
                    RepositoryException.Kind.UNSUPPORTED, "repository at " + store.location()
                            + " is not encrypted: it has no keys (create an encrypted one with: pilotlight init --encrypt)"));
            return action.run(top, keys);
        }
    }

    /**
     * What stays of a removed key file in a locked repository (docs/design.md §20.2): the delete hid it,
     * its locked version stays in the bucket, still opened by the old passphrase, until its lock ends.
     */
    static String hidden(RepositoryKeys.Removal removed) {
        return removed.lockedUntil().map(until -> "; its file is under Object Lock until " + until + ", so the"
                + " bucket only hides it behind a delete marker: that locked version (with the old passphrase or KMS"
                + " key) still opens the repository for whoever may read old versions (s3:GetObjectVersion) until"
                + " then").orElse("");
    }

    @Command(name = "list", description = "List the keys: id, kind, KDF or KMS key ARN, created, host; * marks the one"
            + " used. A damaged key file is named on stderr (exit 5).")
    static final class ListKeys implements Callable<Integer> {
        @ParentCommand
        KeyCommand key;

        @Override
        public Integer call() throws IOException {
            return withKeys(key.top, (top, keys) -> {
                KeyRing.Keys all = keys.read();
                for (KeyFile file : all.intact()) {
                    top.out().println((file.id().equals(keys.current().id()) ? "* " : "  ") + file.id() + "  "
                            + file.kind() + "  " + (file.kdf() != null ? file.kdf().summary() : file.kmsKeyId())
                            + "  " + file.created() + "  " + file.host());
                }
                for (DamagedKeyFileException damaged : all.damaged()) {
                    top.err().println("pilotlight: " + damaged.getMessage());
                }
                top.err().flush();
                return all.damaged().isEmpty() ? ExitCodes.OK : ExitCodes.CORRUPT_DATA;
            });
        }
    }

    @Command(name = "add", description = "Add a key for another passphrase (from PILOTLIGHT_NEW_PASSWORD_FILE or the"
            + " terminal). Prints its id.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        KeyCommand key;

        @Mixin
        Cost cost;

        @Option(names = "--aws-kms-key", paramLabel = "ARN",
                description = "Wrap the master key with this AWS KMS key instead (arn:aws:kms:REGION:ACCOUNT:key/ID or"
                        + " …:alias/NAME; needs kms:Encrypt on it).")
        String kmsKey;

        @Override
        public Integer call() throws IOException {
            return withKeys(key.top, (top, keys) -> {
                KeyFile added = keys.add(kmsKey != null ? kmsKey(kmsKey, top.passphrases())
                        : new RepositoryKeys.NewKey(top.passphrases().newPassphrase(), cost.params()));
                top.out().println(added.id());
                top.note("added key " + added.id() + " (" + (added.kdf() != null ? added.kdf().summary()
                        : "aws-kms " + added.kmsKeyId()) + "); no data was re-encrypted");
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "remove", description = "Remove a key by id (the last key cannot be removed).")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        KeyCommand key;

        @Parameters(paramLabel = "ID", description = "The key's id, or a unique prefix of at least 4 digits.")
        String id;

        @Override
        public Integer call() throws IOException {
            return withKeys(key.top, (top, keys) -> {
                RepositoryKeys.Removal removed = keys.remove(id);
                top.note("removed key " + removed.id() + "; it no longer opens the repository" + hidden(removed));
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "passwd", description = "Change the passphrase of the key the repository was opened with. Prints"
            + " the new key's id.")
    static final class Passwd implements Callable<Integer> {
        @ParentCommand
        KeyCommand key;

        @Override
        public Integer call() throws IOException {
            return withKeys(key.top, (top, keys) -> {
                String old = keys.current().id();
                RepositoryKeys.Removal removed = new RepositoryKeys.Removal(old, keys.lockedUntil(old));
                KeyFile replacement = keys.changePassphrase(top.passphrases().newPassphrase());
                top.out().println(replacement.id());
                top.note("key " + old + " replaced by " + replacement.id() + " with the new passphrase; no data was"
                        + " re-encrypted" + hidden(removed));
                return ExitCodes.OK;
            });
        }
    }
}
