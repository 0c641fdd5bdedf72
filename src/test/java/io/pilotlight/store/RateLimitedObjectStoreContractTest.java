package io.pilotlight.store;

import io.pilotlight.testing.FakeSleeper;

class RateLimitedObjectStoreContractTest extends ObjectStoreContractTest {
    @Override
    protected ObjectStore newStore() {
        return new RateLimitedObjectStore(new InMemoryObjectStore(), 1 << 20, 1 << 20, FakeSleeper.advancing());
    }
}
