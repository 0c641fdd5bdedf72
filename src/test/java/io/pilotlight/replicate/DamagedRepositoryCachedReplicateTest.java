package io.pilotlight.replicate;

import java.util.Optional;

/**
 * {@link DamagedRepositoryReplicateTest} with a cache directory, so that each run records its point
 * as checked ({@link CheckedPoints}) and the next one may build on that record: a deleted or damaged
 * index file must still make the run read again the grains whose chunks it held (issue 19's rule).
 */
class DamagedRepositoryCachedReplicateTest extends DamagedRepositoryReplicateTest {
    @Override
    ReplicateOptions options() {
        return ReplicateOptions.defaults().withCache(Optional.of(dir.resolve("cache")));
    }
}
