package io.pilotlight.recovery.export;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.Repository;
import io.pilotlight.store.DirectoryObjectStore;
import java.nio.file.Path;

/** A child JVM for the export kill test: {@code REPO DISK FILE}, exported as qcow2; prints "ready" first. */
public final class ExportChild {
    private ExportChild() {}

    public static void main(String[] args) throws Exception {
        Repository repository = Repository.open(new DirectoryObjectStore(Path.of(args[0])));
        System.out.println("ready");
        System.out.flush();
        new Exporter(repository, ProgressListener.NONE, "qemu-img").export(args[1], "latest", ImageFormat.QCOW2,
                Path.of(args[2]), false);
        System.out.println("done");
    }
}
