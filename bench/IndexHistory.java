import io.pilotlight.progress.ProgressListener;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.replicate.Replicator;
import io.pilotlight.repo.Repository;
import io.pilotlight.source.file.FileSource;
import io.pilotlight.store.DirectoryObjectStore;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/**
 * Adds COUNT points of disk DISK to the directory repository REPO in one JVM (for
 * bench/index-growth.sh): each changes one 64 KiB grain of the 16 MiB raw image IMAGE (made if
 * missing), so each writes one index file.
 *
 *   java -cp target/pilotlight.jar bench/IndexHistory.java REPO IMAGE DISK COUNT
 */
public final class IndexHistory {
    public static void main(String[] args) throws Exception {
        Path image = Path.of(args[1]);
        int count = Integer.parseInt(args[3]);
        Repository repository = Repository.open(new DirectoryObjectStore(Path.of(args[0])));
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(16 << 20);
            for (int i = 0; i < count; i++) {
                long at = (System.nanoTime() & 0xff) * 65536L;
                file.seek(at);
                file.writeLong(System.nanoTime());
                try (FileSource source = FileSource.open(image)) {
                    new Replicator(repository, ReplicateOptions.defaults(), ProgressListener.NONE).replicate(args[2], source);
                }
            }
        }
    }
}
