package io.pilotlight.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InMemoryObjectStoreTest extends ObjectStoreContractTest {

    @Override
    protected ObjectStore newStore() {
        return new InMemoryObjectStore();
    }

    @Test
    void putIfAbsentIsStrong() {
        assertThat(store.strongPutIfAbsent()).isTrue();
    }
}
