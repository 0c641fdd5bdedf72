package io.pilotlight.store;

import java.io.IOException;

/** The contract holds through metering, even with a listener that throws on every event. */
class MeteredObjectStoreContractTest extends ObjectStoreContractTest {
    @Override
    protected ObjectStore newStore() {
        StoreListener throwing = new StoreListener() {
            @Override
            public void requestStarted(Kind kind, String key) {
                throw new IllegalStateException("broken listener");
            }

            @Override
            public void requestFinished(Kind kind, String key, long bytes, long nanos) {
                throw new IllegalStateException("broken listener");
            }

            @Override
            public void requestFailed(Kind kind, String key, IOException failure, long nanos) {
                throw new IllegalStateException("broken listener");
            }
        };
        return new MeteredObjectStore(new MeteredObjectStore(new InMemoryObjectStore(), throwing), new StoreMeter());
    }
}
