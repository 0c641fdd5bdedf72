package io.pilotlight.recovery.export;

import static java.util.Objects.requireNonNull;

import io.pilotlight.nbd.NbdAddress;
import io.pilotlight.nbd.NbdServer;
import io.pilotlight.progress.ProgressListener;
import io.pilotlight.qemu.QemuImg;
import io.pilotlight.qemu.QemuImgConvert;
import io.pilotlight.recovery.image.TargetClaim;
import io.pilotlight.recovery.image.TargetFile;
import io.pilotlight.recovery.image.TempFile;
import io.pilotlight.recovery.serve.PointExport;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Exports a restore point as an image file a hypervisor or cloud import accepts. The point is
 * served by our own NBD server ({@link PointExport}) on a private unix socket, and {@code qemu-img
 * convert} reads it from there and writes the format: we write no format of our own. qemu-img uses
 * {@code base:allocation}, so holes are not read and stay unallocated in sparse formats. The image
 * is written to a temp file beside the target and renamed into place only when qemu-img succeeded
 * and the file is synced; a failed or killed export leaves no target. A missing qemu-img is an {@link
 * io.pilotlight.exec.ToolMissingException}, a failing one an {@link io.pilotlight.exec.ToolFailedException}.
 */
public final class Exporter {
    private static final int MAX_CLIENTS = 4;
    private static final String INSTALL = "export needs qemu-img: " + QemuImg.INSTALL + " or name it with --qemu-img PATH";

    private final Repository repository;
    private final ProgressListener progress;
    private final String qemuImg;

    /** {@code qemuImg}: the program to run, a name looked up on PATH, or a path. */
    public Exporter(Repository repository, ProgressListener progress, String qemuImg) {
        this.repository = requireNonNull(repository, "repository is null");
        this.progress = requireNonNull(progress, "progress is null");
        this.qemuImg = requireNonNull(qemuImg, "qemuImg is null");
    }

    public ExportResult export(String disk, String pointRef, ImageFormat format, Path target, boolean force)
            throws IOException {
        long started = System.nanoTime();
        Manifest manifest = repository.manifest(Repository.checkDisk(disk), pointRef);
        Path absolute = TargetFile.resolve(target);
        try (TargetClaim claim = TargetClaim.take(absolute, force, "export target")) {
            return export(manifest, format, absolute, started);
        }
    }

    private ExportResult export(Manifest manifest, ImageFormat format, Path absolute, long started)
            throws IOException {
        TempFile.removeStale(absolute, progress);
        Path socketDirectory = Files.createTempDirectory("pilotlight-export-");
        try (TempFile tempFile = TempFile.beside(absolute)) {
            Path temp = tempFile.path();
            NbdAddress address = new NbdAddress(Optional.of(socketDirectory.resolve("nbd.sock")), Optional.empty(),
                    0, manifest.disk());
            try (NbdServer server = NbdServer.start(address, new PointExport(repository, manifest,
                    PointExport.DEFAULT_CHUNK_CACHE_BYTES), MAX_CLIENTS)) {
                progress.phase("export " + format.qemuName(), manifest.diskSize());
                convert(server.address().uri(), format, manifest.diskSize(), temp);
            }
            TargetFile.commit(temp, absolute);
            return new ExportResult(absolute, manifest.disk(), manifest.id(), format.qemuName(), manifest.diskSize(),
                    Files.size(absolute), TargetFile.millisSince(started));
        } finally {
            Files.deleteIfExists(socketDirectory.resolve("nbd.sock"));
            Files.deleteIfExists(socketDirectory);
        }
    }

    /** Runs qemu-img convert; its percentages of {@code size} become progress. */
    private void convert(String sourceUri, ImageFormat format, long size, Path output) throws IOException {
        AtomicLong reported = new AtomicLong();
        new QemuImgConvert(qemuImg, INSTALL).run(sourceUri, format.qemuName(), output, percent -> {
            long done = (long) (percent / 100 * size);
            long before = reported.getAndAccumulate(done, Math::max);
            if (done > before) {
                progress.advance(done - before);
            }
        });
    }
}
