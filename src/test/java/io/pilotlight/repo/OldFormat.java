package io.pilotlight.repo;

import io.pilotlight.store.ObjectStore;
import java.io.IOException;

/** Makes a repository an older format, as an older pilotlight left it (config rewritten in place). */
final class OldFormat {
    private OldFormat() {}

    /** Rewrites {@code store}'s plain config at {@code format}; what is already stored stays as it is. */
    static void set(ObjectStore store, int format) throws IOException {
        RepoConfig current = Repository.open(store).config();
        RepoConfig old = new RepoConfig(format, current.id(), current.created(), current.grainSize(),
                current.chunkGrains(), current.segmentGrains(), current.packTargetBytes(), current.compression(),
                current.encryption(), null);
        store.put(RepositoryLayout.CONFIG, Envelope.seal(Envelope.Type.CONFIG, old.toJson(), false));
    }
}
