package io.pilotlight.source;

import io.pilotlight.testing.Slow;
import java.util.Optional;

/** The source contract for an NBD export read without a bitmap: it tracks nothing, every run is a full pass. */
@Slow
class NbdSourceWithoutBitmapContractTest extends NbdSourceContractTest {

    @Override
    Optional<String> bitmap() {
        return Optional.empty();
    }

    @Override
    protected boolean tracksChanges() {
        return false;
    }
}
