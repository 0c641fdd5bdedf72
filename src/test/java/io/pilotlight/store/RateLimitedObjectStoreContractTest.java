package io.pilotlight.store;

class RateLimitedObjectStoreContractTest extends ObjectStoreContractTest {
    @Override
    protected ObjectStore newStore() {
        return new RateLimitedObjectStore(new InMemoryObjectStore(), 1 << 20, 1 << 20, FakeSleeper.advancing());
    }
}
