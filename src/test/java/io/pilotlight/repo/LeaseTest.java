package io.pilotlight.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.store.InMemoryObjectStore;
import org.junit.jupiter.api.Test;

/** Who may take a disk's lease within one process. */
class LeaseTest {
    private final InMemoryObjectStore store = new InMemoryObjectStore();

    @Test
    void aLeaseHeldInThisProcessLocksTheDiskUntilReleased() throws Exception {
        try (Lease held = Lease.acquire(store, RepositoryLayout.diskLockKey("sda"), "disk sda")) {
            assertThatThrownBy(() -> Lease.acquire(store, RepositoryLayout.diskLockKey("sda"), "disk sda"))
                    .isInstanceOf(RepositoryException.class)
                    .hasMessageContaining("disk sda is being written by")
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
        }
        Lease.acquire(store, RepositoryLayout.diskLockKey("sda"), "disk sda").close();
        assertThat(store.stat("locks/sda")).isEmpty();
    }

    @Test
    void aLeaseThisProcessClosedButCouldNotRemoveIsTakenOverAtOnce() throws Exception {
        byte[] left;
        try (Lease failed = Lease.acquire(store, RepositoryLayout.diskLockKey("sda"), "disk sda")) {
            left = store.get("locks/sda");
        }
        store.put("locks/sda", left); // as if the release's DELETE had failed: the store was down

        try (Lease next = Lease.acquire(store, RepositoryLayout.diskLockKey("sda"), "disk sda")) {
            assertThat(store.get("locks/sda")).isNotEqualTo(left);
        }
    }
}
