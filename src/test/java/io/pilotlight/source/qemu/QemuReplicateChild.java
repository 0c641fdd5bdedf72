package io.pilotlight.source.qemu;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.replicate.Replicator;
import io.pilotlight.repo.Repository;
import io.pilotlight.source.ChangedBlockSource;
import io.pilotlight.source.InterceptedReads;
import io.pilotlight.store.DirectoryObjectStore;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A child JVM for tests that kill a run while its qemu-nbd serves: replicates {@code DISK} from the
 * qcow2 image through a {@link QemuImageSource}, prints {@code reading} on stdout at the first read
 * (qemu-nbd is up by then) and blocks every read until the process is killed. Usage: {@code REPO DISK
 * IMAGE}.
 */
public final class QemuReplicateChild {
    private QemuReplicateChild() {}

    public static void main(String[] args) throws Exception {
        Repository repository = Repository.open(new DirectoryObjectStore(Path.of(args[0])));
        Path image = Path.of(args[2]);
        try (ChangedBlockSource source = new InterceptedReads(QemuImageSource.open("qemu:" + image, image),
                blockedReads())) {
            new Replicator(repository, ReplicateOptions.defaults(), ProgressListener.NONE).replicate(args[1], source);
        }
        throw new AssertionError("the replicate was to block until killed");
    }

    /** Announces the first read on stdout, then blocks every read until the process is killed. */
    private static InterceptedReads.Read blockedReads() {
        AtomicBoolean announced = new AtomicBoolean();
        return (offset, target) -> {
            if (announced.compareAndSet(false, true)) {
                System.out.println("reading");
                System.out.flush();
            }
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("blocked read interrupted");
            }
        };
    }
}
