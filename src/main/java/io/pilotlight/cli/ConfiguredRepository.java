package io.pilotlight.cli;

import static java.util.Objects.requireNonNull;

import io.pilotlight.cli.config.RepositoryConfig;
import io.pilotlight.cli.config.Secret;
import io.pilotlight.cli.config.SecretRef;
import io.pilotlight.daemon.RepositoryOpener;
import io.pilotlight.repo.Repository;
import io.pilotlight.repo.seal.Passphrases;
import io.pilotlight.store.ObjectStore;
import io.pilotlight.store.S3ObjectStore;
import io.pilotlight.store.StoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A repository of the config file as the daemon opens it: the store once, on first use, with the
 * command's decorators. An S3 repository with {@code access-key-id} and {@code secret-access-key}
 * gets exactly those credentials, read from their references when the store is opened (at first use,
 * after a failed open, after a reload: a rotated secret file is picked up); without them, the AWS
 * default chain. Messages name the
 * references, never the values. Its replicate runs use the commands' host cache
 * directory ({@link CacheDirectory}) for their checked-points record, and locks are remembered there.
 */
final class ConfiguredRepository implements RepositoryOpener {
    private final RepositoryConfig config;
    private final RepoLocation location;
    private final StoreStack stack;
    private final Map<String, String> environment;
    private final Optional<Path> cache;
    private ObjectStore store;

    ConfiguredRepository(RepositoryConfig config, StoreStack stack, Map<String, String> environment) {
        this.config = requireNonNull(config, "config is null");
        this.stack = requireNonNull(stack, "stack is null");
        this.environment = Map.copyOf(environment);
        this.cache = CacheDirectory.of(environment);
        this.location = RepoLocation.parse(config.location(), new RepoLocation.S3Settings(
                config.endpoint().map(Object::toString), config.region(), config.pathStyle()), environment);
    }

    @Override
    public synchronized Repository open() throws IOException {
        if (store == null) {
            store = stack.around(openStore());
        }
        try {
            // The memory of packs' locks (§21.2) in this host's cache. No index cache here: the one repository
            // serves verify jobs too, which read every index file from the store; the daemon keeps the index in
            // memory between runs. Replicate runs get the cache for their checked-points record (§15b).
            return Repository.open(store, passphrases(), Clock.systemUTC(), Optional.empty(), cache);
        } catch (IOException | RuntimeException e) {
            close(); // the next open reads the secrets again: a fixed secret file is picked up without a reload
            if (config.accessKeyId().isPresent() && rejectedCredentials(e)) {
                throw credentialsRejected(e);
            }
            throw e;
        }
    }

    /**
     * This repository's passphrase source: its {@code password} in the config when given (for it alone),
     * else the environment's, as for commands.
     */
    private Passphrases passphrases() {
        return config.password().<Passphrases>map(password -> new ConfiguredPassphrases(config.name(), password,
                environment)).orElseGet(() -> new EnvironmentPassphrases(environment, Optional.empty()));
    }

    private ObjectStore openStore() throws IOException {
        if (config.accessKeyId().isEmpty() || !(location instanceof RepoLocation.S3 s3)) {
            return location.openExisting(stack.s3Options());
        }
        String keyId = secret("access-key-id", config.accessKeyId().get()).reveal();
        String secretKey = secret("secret-access-key", config.secretAccessKey().orElseThrow()).reveal();
        return S3ObjectStore.open(s3.location(), stack.s3Options(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secretKey)), List.of());
    }

    private Secret secret(String key, SecretRef reference) throws IOException {
        try {
            return reference.resolve(environment).orElseThrow(() -> new IllegalArgumentException("repository "
                    + config.name() + ": " + key + " " + reference + " is not set"));
        } catch (IOException e) {
            throw new IOException("repository " + config.name() + ": " + key + " " + reference + " cannot be read: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    private static boolean rejectedCredentials(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StoreException store && store.kind() == StoreException.Kind.BAD_CREDENTIALS) {
                return true;
            }
        }
        return false;
    }

    private StoreException credentialsRejected(Exception e) {
        return new StoreException(StoreException.Kind.BAD_CREDENTIALS, "repository " + config.name() + " ("
                + config.location() + "): the S3 endpoint rejected the credentials of access-key-id "
                + config.accessKeyId().get() + " and secret-access-key " + config.secretAccessKey().get()
                + ": check those secrets", e);
    }

    /** The commands' cache directory ({@link CacheDirectory}: {@code $PILOTLIGHT_CACHE}, ...), if any. */
    @Override
    public Optional<Path> cache() {
        return cache;
    }

    @Override
    public synchronized void close() throws IOException {
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
