package io.pilotlight.repo.seal;

import java.io.IOException;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Which key opens a repository (docs/design.md §20.2), from what the user gave: the AWS KMS key they
 * named (only its key files are tried); else the passphrase they named (only passphrase keys); else
 * every AWS KMS key file, then a passphrase from the prompt. When nothing opens, the failure says
 * why: a wrong passphrase (27), a damaged key file that the passphrase may have been for (5), or the
 * KMS keys' own reasons (disabled, access denied, …; the most actionable one decides the kind).
 */
final class KeyOpening {
    /**
     * Master keys this process has unwrapped with a passphrase, by a SHA-256 of the key file and the
     * passphrase: a long-lived process (the daemon) that opens the same repository for every job
     * derives the Argon2id key once, not per job. Memory only; the process holds the passphrase
     * anyway. KMS keys are not remembered: every open asks KMS, so disabling the key takes effect.
     */
    private static final Map<String, MasterKey> UNWRAPPED = new ConcurrentHashMap<>();

    private final KeyRing.Keys keys;
    private final String repositoryId;
    private final String location;

    KeyOpening(KeyRing.Keys keys, String repositoryId, String location) {
        this.keys = keys;
        this.repositoryId = repositoryId;
        this.location = location;
    }

    KeyRing.Opened open(Passphrases passphrases) throws IOException {
        String what = "repository " + location;
        Optional<String> named = passphrases.namedKmsKey();
        if (named.isPresent()) {
            Kms kms = passphrases.kms().orElseThrow(() -> new IllegalStateException("an AWS KMS key was named but"
                    + " no KMS client was given"));
            return withKms(kms, named(named.get()));
        }
        List<KeyFile> kmsKeys = keys.ofKind(KeyFile.AWS_KMS).toList();
        if (kmsKeys.isEmpty() || passphrases.named() || passphrases.kms().isEmpty()) {
            return withPassphrase(passphrases.passphrase(what));
        }
        try {
            return withKms(passphrases.kms().get(), kmsKeys);
        } catch (WrongKeyException | KmsException | DamagedKeyFileException failure) {
            long passphraseKeys = keys.ofKind(KeyFile.PASSPHRASE).count();
            if (passphraseKeys == 0) {
                throw failure;
            }
            char[] passphrase;
            try {
                passphrase = passphrases.passphrase(what);
            } catch (WrongKeyException none) {
                throw withMessage(failure, failure.getMessage() + "; and no passphrase was given for its "
                        + passphraseKeys + " passphrase key(s) (PILOTLIGHT_PASSWORD_FILE, PILOTLIGHT_PASSWORD_COMMAND)");
            }
            return withPassphrase(passphrase);
        }
    }

    /** The KMS key files wrapped by {@code kmsKey}: its ARN, its key id (the ARN's last part), or a key file's id. */
    private List<KeyFile> named(String kmsKey) throws WrongKeyException {
        List<KeyFile> matching = keys.ofKind(KeyFile.AWS_KMS).filter(key -> key.kmsKeyId().equals(kmsKey)
                || key.kmsKeyId().endsWith("/" + kmsKey) || key.id().equals(kmsKey)).toList();
        if (matching.isEmpty()) {
            throw new WrongKeyException("no key of " + location + " is wrapped by the AWS KMS key " + kmsKey
                    + " (PILOTLIGHT_AWS_KMS_KEY); its keys are " + keys.intact().stream().map(KeyFile::describe)
                    .toList());
        }
        return matching;
    }

    private KeyRing.Opened withKms(Kms kms, List<KeyFile> candidates) throws IOException {
        List<IOException> failures = new ArrayList<>();
        for (KeyFile key : candidates) {
            try {
                return new KeyRing.Opened(key.unwrap(repositoryId, kms), key);
            } catch (WrongKeyException | KmsException | DamagedKeyFileException e) {
                failures.add(e);
            }
        }
        IOException decisive = failures.stream().min(Comparator.comparingInt(KeyOpening::rank)).orElseThrow();
        String reasons = failures.stream().map(Throwable::getMessage).collect(Collectors.joining("; "));
        String advice = decisive instanceof KmsException failure && failure.kind() == KmsException.Kind.UNUSABLE
                ? ": enable the key in AWS KMS (or cancel its deletion), or open with another key" : "";
        throw withMessage(decisive, (failures.size() == 1 ? reasons : "no AWS KMS key opens " + location + ": "
                + reasons) + advice);
    }

    private KeyRing.Opened withPassphrase(char[] passphrase) throws IOException {
        List<KeyFile> candidates = keys.ofKind(KeyFile.PASSPHRASE).toList();
        for (KeyFile key : candidates) {
            MasterKey known = UNWRAPPED.get(rememberedAs(key, passphrase));
            if (known != null) {
                return new KeyRing.Opened(known, key);
            }
        }
        for (KeyFile key : candidates) {
            Optional<MasterKey> master = key.unwrap(repositoryId, passphrase);
            if (master.isPresent()) {
                if (UNWRAPPED.size() >= 64) {
                    UNWRAPPED.clear();
                }
                UNWRAPPED.put(rememberedAs(key, passphrase), master.get());
                return new KeyRing.Opened(master.get(), key);
            }
        }
        String opensNone = "the passphrase opens none of the " + candidates.size() + " intact passphrase keys";
        if (!keys.damaged().isEmpty()) {
            throw new DamagedKeyFileException(keys.damaged().stream().map(Throwable::getMessage)
                    .collect(Collectors.joining("; ")) + "; " + opensNone + " (it may be a damaged key's: restore that"
                    + " key file from a copy, or open with another key)");
        }
        long kms = keys.ofKind(KeyFile.AWS_KMS).count();
        throw new WrongKeyException("wrong passphrase: it opens none of the " + candidates.size() + " passphrase keys of "
                + location + (kms > 0 ? " (its " + kms + " AWS KMS key(s) are used when no passphrase is given:"
                + " unset PILOTLIGHT_PASSWORD_FILE and PILOTLIGHT_PASSWORD_COMMAND, or set PILOTLIGHT_AWS_KMS_KEY)" : ""));
    }

    /** Lower is more actionable: a KMS problem by its kind, then damage, then a refused wrapping. */
    private static int rank(IOException failure) {
        if (failure instanceof KmsException kms) {
            return kms.kind().ordinal();
        }
        return failure instanceof DamagedKeyFileException ? KmsException.Kind.values().length
                : KmsException.Kind.values().length + 1;
    }

    private static IOException withMessage(IOException failure, String message) {
        if (failure instanceof KmsException kms) {
            return new KmsException(kms.kind(), message, kms.getCause());
        }
        if (failure instanceof DamagedKeyFileException) {
            return new DamagedKeyFileException(message);
        }
        return new WrongKeyException(message);
    }

    private String rememberedAs(KeyFile key, char[] passphrase) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
        for (String part : new String[] {repositoryId, key.id(), key.wrapped(), String.valueOf(key.kdf())}) {
            sha.update(part.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        sha.update(StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase)));
        return HexFormat.of().formatHex(sha.digest());
    }
}
