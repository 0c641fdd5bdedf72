package io.pilotlight.store;

import io.pilotlight.testing.FakeSleeper;

/**
 * The store contract holds through the retry decorator even when one call in ten to the store
 * below fails after it took effect (the answer lost), so every retry is an ambiguous one.
 */
class RetryingObjectStoreContractTest extends ObjectStoreContractTest {
    @Override
    protected ObjectStore newStore() {
        FaultyObjectStore faulty = new FaultyObjectStore(new InMemoryObjectStore(), FaultyObjectStore.When.AFTER,
                () -> new TransientStoreException("injected: connection reset", null))
                .failShare(0.1, 7);
        return new RetryingObjectStore(faulty, RetryPolicy.DEFAULT, FakeSleeper.advancing(), new java.util.Random(7));
    }
}
