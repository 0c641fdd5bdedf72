package io.pilotlight.source.qemu;

import static java.util.Objects.requireNonNull;

import io.pilotlight.qemu.QemuImg;
import io.pilotlight.qemu.QemuNbdServer;
import io.pilotlight.source.ChangeSet;
import io.pilotlight.source.ChangedBlockSource;
import io.pilotlight.source.CheckpointChanges;
import io.pilotlight.source.Extent;
import io.pilotlight.source.ExtentChanges;
import io.pilotlight.source.NbdSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An offline qcow2 image ({@code qemu:/path/disk.qcow2}; nothing else may have it open) whose changes
 * pilotlight tracks itself with persistent dirty bitmaps named {@code pilotlight-<time>-<random>}, one
 * per checkpoint. The change token {@code qemu-bitmap:NAME} names the bitmap that has recorded every
 * write since the point that holds the token was taken.
 *
 * <p>{@link #changes}: if the token's bitmap is present and consistent, rotate the checkpoint (add a new
 * enabled bitmap, disable the old one), serve the image read-only with {@code qemu-nbd -B old} and
 * report the old bitmap's dirty extents. {@link ChangeSet#commit()} removes the old bitmap; {@link
 * ChangeSet#abort()} merges the new one back into it, enables it again and removes the new one, so the
 * next run finds the token it was given still valid. Bitmaps of ours that the token does not name (left
 * by a run that died between rotation and commit) are merged into the token's bitmap first: reporting
 * too much is safe. If tracking was lost (no such bitmap, an image replaced, a bitmap {@code in-use}
 * because a process holding the image died), every bitmap of ours is removed, a fresh checkpoint
 * starts, and the run is a full hash-compare pass with a warning naming the reason. Reads go through
 * {@code qemu-nbd}, which {@link ChangeSet#commit()}, {@link ChangeSet#abort()} and {@link #close()}
 * stop. From {@link #open} to {@link #close()} the source holds a {@link QemuImageClaim} on the image:
 * runs of one image cannot overlap, and a qemu-nbd left running by a run that was killed (it would hold
 * the image's lock) is stopped before the image is touched. Two repositories must not protect the same
 * image: each would take the other's bitmaps for leftovers.
 *
 * <p>A cycle with nothing to report runs no qemu tool: {@link #open} reads the size from the image's
 * header and checks QEMU's write lock itself ({@link QemuWriterProbe}; {@code qemu-img info} only when
 * either says no), and when the image's metadata ({@link Qcow2Header}) shows the token's bitmap as our
 * only one, enabled, consistent and all clear, the token is kept and the image is left as it is;
 * qemu-nbd starts only if the run then reads.
 */
public final class QemuImageSource implements ChangedBlockSource {
    /** Prefix of the change tokens this source issues; the bitmap's name follows. */
    public static final String TOKEN_PREFIX = "qemu-bitmap:";
    /** Prefix of the bitmaps this source creates; it removes only bitmaps so named. */
    public static final String BITMAP_PREFIX = "pilotlight-";
    private static final Logger LOG = LoggerFactory.getLogger(QemuImageSource.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int CONNECT_ATTEMPTS = 50;

    private final String uri;
    private final Path image;
    private final QemuImageClaim claim;
    private final QemuImg qemuImg;
    private final long size;
    private boolean asked;
    private boolean unchanged;
    private QemuNbdServer server;
    private NbdSource reader;

    private QemuImageSource(String uri, Path image, QemuImageClaim claim, long size) {
        this.uri = uri;
        this.image = image;
        this.claim = claim;
        this.qemuImg = new QemuImg(image);
        this.size = size;
    }

    /**
     * Opens the qcow2 image {@code image}, naming it {@code uri}: claims it (stopping a qemu-nbd that a
     * killed run left) and reads its size; starts nothing yet.
     */
    public static QemuImageSource open(String uri, Path image) throws IOException {
        requireNonNull(uri, "uri is null");
        requireNonNull(image, "image is null");
        if (!Files.isRegularFile(image)) {
            throw new IOException("source " + uri + ": " + image + " is not a file");
        }
        QemuImageClaim claim = QemuImageClaim.acquire(image);
        try {
            Optional<Long> size = sizeWithoutQemuImg(claim.image());
            if (size.isPresent()) {
                return new QemuImageSource(uri, image, claim, size.get());
            }
            QemuImg.Info info = new QemuImg(image).info();
            if (!info.format().equals("qcow2")) {
                throw new IOException("source " + uri + ": " + image + " is a " + info.format() + " image; a qemu:"
                        + " source needs qcow2 (persistent dirty bitmaps); use file: for raw images");
            }
            return new QemuImageSource(uri, image, claim, info.virtualSize());
        } catch (IOException | RuntimeException e) {
            claim.close();
            throw e;
        }
    }

    /**
     * The virtual size from the image's own header, when it is a qcow2 image {@link Qcow2Header} fully
     * understands and no QEMU process holds it for writing ({@link QemuWriterProbe}); otherwise empty,
     * and {@code qemu-img info} answers (and names a writer's lock conflict, or the image's format).
     */
    private static Optional<Long> sizeWithoutQemuImg(Path image) {
        try {
            Optional<Qcow2Header> header = Qcow2Header.read(image);
            return header.isPresent() && QemuWriterProbe.noWriter(image) ? header.map(Qcow2Header::virtualSize)
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A fresh checkpoint bitmap name: {@code pilotlight-<time>-<random>}. */
    static String newBitmapName() {
        return BITMAP_PREFIX + TIME.format(Instant.now()) + "-" + HexFormat.of().toHexDigits((short) RANDOM.nextInt());
    }

    @Override
    public String uri() {
        return uri;
    }

    /** Yes: a token names a checkpoint bitmap, which must be on this very node, or its tracking is lost. */
    @Override
    public boolean tokenNamesItsSource() {
        return true;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public synchronized ChangeSet changes(Optional<String> sinceToken) throws IOException {
        if (asked) {
            throw new IllegalStateException("source " + uri + ": changes() was already asked in this run");
        }
        asked = true;
        if (sinceToken.isPresent() && unchangedSince(sinceToken.get())) {
            unchanged = true;
            ChangeSet none = new ExtentChanges(List.of(), List.of(), false, sinceToken, List.of());
            return new CheckpointChanges(uri, none, this::finishUnchanged, this::finishUnchanged);
        }
        QemuImg.Info info = qemuImg.info();
        String next = newBitmapName();
        Optional<String> lost = lostTracking(sinceToken, info);
        try {
            if (sinceToken.isEmpty() || lost.isPresent()) {
                return fullPass(lost, info, next);
            }
            return incremental(sinceToken.get().substring(TOKEN_PREFIX.length()), info, next);
        } catch (IOException | RuntimeException e) {
            stopServing();
            throw e;
        }
    }

    /**
     * Whether nothing was written since the point holding {@code token}, as the image's own metadata
     * says without running qemu-img or qemu-nbd: the token's bitmap is the only one of ours, enabled,
     * not in-use (so no writer has the image open or died holding it) and has no bit set. Then the run
     * keeps the token (the bitmap goes on recording for the next point) and changes nothing in the
     * image; commit and abort only stop a qemu-nbd that reads started. Any doubt (an image or bitmap
     * the reader does not fully understand, leftovers of a killed run, a read error) answers false and
     * the run rotates the checkpoint with qemu-img as usual.
     */
    private boolean unchangedSince(String token) {
        if (!token.startsWith(TOKEN_PREFIX)) {
            return false;
        }
        String name = token.substring(TOKEN_PREFIX.length());
        try {
            Optional<Qcow2Header> header = Qcow2Header.read(claim.image());
            if (header.isEmpty() || header.get().virtualSize() != size) {
                return false;
            }
            List<Qcow2Header.Bitmap> ours = header.get().bitmaps().stream()
                    .filter(b -> b.name().startsWith(BITMAP_PREFIX)).toList();
            return ours.size() == 1 && ours.get(0).name().equals(name) && ours.get(0).enabled()
                    && !ours.get(0).inUse() && header.get().isClear(claim.image(), ours.get(0));
        } catch (IOException e) {
            LOG.debug("source {}: could not read the qcow2 metadata of {} itself; asking qemu-img: {}", uri, image,
                    e.toString());
            return false;
        }
    }

    /** Ends an unchanged run: later reads are refused again, and a qemu-nbd that reads started is stopped. */
    private synchronized void finishUnchanged() throws IOException {
        unchanged = false;
        stopServing();
    }

    /** Why the token cannot be used, if it cannot; empty also for an empty token (a first run). */
    private Optional<String> lostTracking(Optional<String> sinceToken, QemuImg.Info info) {
        if (sinceToken.isEmpty()) {
            return Optional.empty();
        }
        String token = sinceToken.get();
        String prefix = "source " + uri + ": ";
        String fallback = "; reading the whole disk and comparing it with the last point";
        if (!token.startsWith(TOKEN_PREFIX)) {
            return Optional.of(prefix + "change token '" + token + "' was not issued by a qemu: source" + fallback);
        }
        String name = token.substring(TOKEN_PREFIX.length());
        Optional<QemuImg.Bitmap> bitmap = info.bitmaps().stream().filter(b -> b.name().equals(name)).findFirst();
        if (bitmap.isEmpty()) {
            return Optional.of(prefix + "checkpoint bitmap '" + name + "' is missing from " + image
                    + " (removed, or the image was replaced)" + fallback);
        }
        for (QemuImg.Bitmap ours : ours(info)) {
            if (ours.inUse()) {
                return Optional.of(prefix + "checkpoint bitmap '" + ours.name() + "' is in-use: a process that had "
                        + image + " open for writing ended without closing it (a crash?), so it may have missed"
                        + " writes" + fallback);
            }
        }
        return Optional.empty();
    }

    private static List<QemuImg.Bitmap> ours(QemuImg.Info info) {
        return info.bitmaps().stream().filter(b -> b.name().startsWith(BITMAP_PREFIX)).toList();
    }

    private ChangeSet fullPass(Optional<String> lost, QemuImg.Info info, String next) throws IOException {
        lost.ifPresent(LOG::debug); // the warning travels in the change set: recorded in the point, shown by the caller
        for (QemuImg.Bitmap ours : ours(info)) {
            qemuImg.remove(ours.name());
        }
        qemuImg.add(next);
        serve(Optional.empty());
        ChangeSet changes = ExtentChanges.full(size, reader.zeroExtents(), Optional.of(TOKEN_PREFIX + next),
                lost.stream().toList());
        return new CheckpointChanges(uri, changes, this::stopServing, () -> {
            stopServing();
            qemuImg.remove(next);
        });
    }

    private ChangeSet incremental(String old, QemuImg.Info info, String next) throws IOException {
        for (QemuImg.Bitmap ours : ours(info)) {
            if (!ours.name().equals(old)) {
                qemuImg.merge(ours.name(), old);
                qemuImg.remove(ours.name());
            }
        }
        qemuImg.add(next);
        qemuImg.disable(old);
        serve(Optional.of(old));
        List<Extent> dirty = reader.dirtyExtents(old);
        // Which regions read as zeros matters only where something changed: none, no question asked.
        List<Extent> zeros = dirty.isEmpty() ? List.of() : reader.zeroExtents();
        ChangeSet changes = new ExtentChanges(dirty, zeros, false, Optional.of(TOKEN_PREFIX + next), List.of());
        return new CheckpointChanges(uri, changes, () -> {
            stopServing();
            qemuImg.remove(old);
        }, () -> {
            stopServing();
            qemuImg.merge(next, old);
            qemuImg.enable(old);
            qemuImg.remove(next);
        });
    }

    /** Starts qemu-nbd and connects; retries briefly, as the socket exists from bind(), before listen(). */
    private void serve(Optional<String> bitmap) throws IOException {
        try {
            server = QemuNbdServer.start(claim.image(), claim.directory(), bitmap, claim::recordServer);
        } catch (IOException | RuntimeException e) {
            claim.clearServer(); // start stopped it
            throw e;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                reader = NbdSource.connect(uri, server.address(), bitmap);
                return;
            } catch (IOException e) {
                if (attempt == CONNECT_ATTEMPTS) {
                    throw e;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("source " + uri + ": interrupted while connecting to qemu-nbd");
            }
        }
    }

    private synchronized void stopServing() throws IOException {
        boolean stopped = server != null;
        try (QemuNbdServer stopping = server; NbdSource closing = reader) {
            reader = null;
            server = null;
        }
        if (stopped) {
            claim.clearServer();
        }
    }

    @Override
    public void read(long offset, ByteBuffer target) throws IOException {
        NbdSource current = reader;
        if (current == null) {
            current = servingUnchanged();
        }
        if (current == null) {
            throw new IllegalStateException("source " + uri + ": read before changes(), or after the checkpoint"
                    + " was finished");
        }
        current.read(offset, target);
    }

    /**
     * The reader of an unchanged run, started on its first read (a run with nothing dirty reads only
     * when the repository lost blobs of the parent); null outside such a run.
     */
    private synchronized NbdSource servingUnchanged() throws IOException {
        if (unchanged && reader == null) {
            try {
                serve(Optional.empty());
            } catch (IOException | RuntimeException e) {
                stopServing();
                throw e;
            }
        }
        return reader;
    }

    @Override
    public void close() throws IOException {
        try (QemuImageClaim releasing = claim) {
            stopServing();
        }
    }

    @Override
    public String toString() {
        return "QemuImageSource[" + uri + "]";
    }
}
