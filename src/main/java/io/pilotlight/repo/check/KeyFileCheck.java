package io.pilotlight.repo.check;

import static java.util.Objects.requireNonNull;

import io.pilotlight.repo.Repository;
import io.pilotlight.repo.RepositoryKeys;
import io.pilotlight.repo.seal.Argon2Params;
import io.pilotlight.repo.seal.DamagedKeyFileException;
import io.pilotlight.repo.seal.KeyFile;
import io.pilotlight.repo.seal.KeyRing;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code verify}'s check of an encrypted repository's key files (docs/design.md §20.2). That one key
 * opens the master key with the passphrase or KMS key given is proven by the repository being open
 * (else verify ends before, exit 27, or 5 when a damaged key file may be the passphrase's). Then
 * every key file must read whole: a damaged one is a fault naming it, never a wrong passphrase. And
 * every passphrase key's Argon2id parameters, already within the format's bounds (else damaged), are
 * weighed: one below OWASP's least configuration (memory × passes under 35 MiB: its list runs from
 * 7 MiB × 5 to 46 MiB × 1) is a warning, as the
 * weakest key sets what guessing a passphrase offline costs a reader of the bucket; one needing more
 * memory than this JVM may use is a warning, as it cannot be opened here. A plain repository has no
 * key files to check.
 */
public final class KeyFileCheck {
    /** OWASP's least Argon2id configuration as memory (KiB) × passes: 7 MiB × 5 (the others cost more). */
    static final long WEAK_BELOW_KIB_PASSES = 35L * 1024;

    /**
     * What the check found: the keys that read whole, the key that opened the repository, faults
     * (damaged key files) and warnings (weak or, here, unopenable KDF parameters).
     */
    public record Result(int intact, Optional<String> opener, List<String> faults, List<String> warnings) {
        public Result {
            requireNonNull(opener, "opener is null");
            faults = List.copyOf(faults);
            warnings = List.copyOf(warnings);
        }
    }

    private KeyFileCheck() {}

    /** Checks {@code repository}'s key files, reading each once; nothing for a plain repository. */
    public static Result check(Repository repository) throws IOException {
        Optional<RepositoryKeys> keys = repository.keys();
        if (keys.isEmpty()) {
            return new Result(0, Optional.empty(), List.of(), List.of());
        }
        String opener = keys.get().current().id();
        KeyRing.Keys all = keys.get().read();
        List<String> faults = new ArrayList<>();
        for (DamagedKeyFileException damaged : all.damaged()) {
            faults.add(damaged.getMessage() + " (it opens nothing; the repository was opened with key " + opener
                    + ": restore the key file from a copy, or remove it with pilotlight key remove)");
        }
        List<String> warnings = new ArrayList<>();
        long heapKib = Runtime.getRuntime().maxMemory() / 1024;
        for (KeyFile key : all.intact()) {
            if (key.kdf() != null) {
                weigh(key, key.kdf(), heapKib).ifPresent(warnings::add);
            }
        }
        return new Result(all.intact().size(), Optional.of(opener), faults, warnings);
    }

    /** A warning about {@code kdf} of {@code key}, if its cost is below the minimum or beyond this JVM. */
    static Optional<String> weigh(KeyFile key, Argon2Params kdf, long heapKib) {
        if ((long) kdf.memoryKib() * kdf.iterations() < WEAK_BELOW_KIB_PASSES) {
            return Optional.of("key " + key.id() + " derives its key with " + kdf.summary() + ", below OWASP's least"
                    + " configuration (memory × passes of 35 MiB, e.g. 19 MiB and 2 passes): a reader of the bucket guesses its passphrase cheaply, and any key opens"
                    + " every point; replace it (pilotlight key passwd, or key add then key remove " + key.id() + ")");
        }
        if (kdf.memoryKib() > heapKib) {
            return Optional.of("key " + key.id() + " derives its key with " + kdf.summary() + ", more memory than"
                    + " this Java runtime may use (" + heapKib / 1024 + " MiB): it cannot be opened on this host");
        }
        return Optional.empty();
    }
}
