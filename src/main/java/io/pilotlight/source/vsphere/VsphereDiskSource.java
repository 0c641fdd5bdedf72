package io.pilotlight.source.vsphere;

import static java.util.Objects.requireNonNull;

import io.pilotlight.source.ChangeSet;
import io.pilotlight.source.ChangedBlockSource;
import io.pilotlight.source.Extent;
import io.pilotlight.source.ExtentChanges;
import io.pilotlight.vsphere.DiskArea;
import io.pilotlight.vsphere.MoRef;
import io.pilotlight.vsphere.VirtualDisk;
import io.pilotlight.vsphere.VirtualMachine;
import io.pilotlight.vsphere.VsphereFault;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One disk of a {@link VsphereVm} session, frozen by the session's snapshot. {@link #changes} asks
 * vSphere changed block tracking ({@code QueryChangedDiskAreas} on the snapshot) for the areas that
 * changed since the change id in the token, {@code vsphere-cbt:<backing uuid>:<changeId>}; the next token
 * carries the snapshot disk's change id. Without a token (a first run), or when tracking was lost (CBT
 * off, a change id vSphere rejects after a resize, a storage vMotion or a CBT reset, a disk whose backing
 * uuid changed, a token of another source) the run is a full pass with a warning naming the reason; a
 * full pass asks for the areas in use ({@code changeId *}) and reports everything outside them as
 * known zeros, so unallocated space is never read. Reads go to the snapshot's frozen disk, over datastore
 * HTTP or an NBD export. Closing this source closes its reader only; the session's close removes the
 * snapshot.
 */
public final class VsphereDiskSource implements ChangedBlockSource {
    /** Prefix of the change tokens this source issues. */
    public static final String TOKEN_PREFIX = "vsphere-cbt:";
    private static final Logger LOG = LoggerFactory.getLogger(VsphereDiskSource.class);
    private static final String FALLBACK = "; reading the whole disk and comparing it with the last point";

    /** Where a disk's bytes are read from. */
    interface BlockReader extends Closeable {
        void read(long offset, ByteBuffer target) throws IOException;
    }

    private final String uri;
    private final VirtualMachine vm;
    private final MoRef snapshot;
    private final VirtualDisk disk;
    private final Optional<String> trackingOff;
    private final BlockReader reader;

    /**
     * @param disk the disk as the snapshot's configuration gives it (its changeId is the snapshot's)
     * @param trackingOff why change tracking cannot be used for this disk, if it cannot
     */
    VsphereDiskSource(String uri, VirtualMachine vm, MoRef snapshot, VirtualDisk disk, Optional<String> trackingOff,
            BlockReader reader) {
        this.uri = requireNonNull(uri, "uri is null");
        this.vm = requireNonNull(vm, "vm is null");
        this.snapshot = requireNonNull(snapshot, "snapshot is null");
        this.disk = requireNonNull(disk, "disk is null");
        this.trackingOff = requireNonNull(trackingOff, "trackingOff is null");
        this.reader = requireNonNull(reader, "reader is null");
    }

    /**
     * The faults with which vSphere says a change id is no longer valid for the disk: the changes
     * since it are lost and the disk must be read in full. Any other fault fails the run.
     */
    static final java.util.Set<String> REJECTED_CHANGE_ID = java.util.Set.of("FileFault", "InvalidArgument");

    @Override
    public String uri() {
        return uri;
    }

    /** Yes: a token names the disk's uuid, which must be this disk's, or its tracking is lost. */
    @Override
    public boolean tokenNamesItsSource() {
        return true;
    }

    @Override
    public long size() {
        return disk.capacityInBytes();
    }

    /** The disk as the snapshot holds it. */
    public VirtualDisk disk() {
        return disk;
    }

    /** The token a point taken from this snapshot records, if change tracking gave the disk a change id. */
    public Optional<String> nextToken() {
        if (trackingOff.isPresent() || disk.changeId().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(TOKEN_PREFIX + disk.uuid().orElse("-") + ":" + disk.changeId().get());
    }

    @Override
    public ChangeSet changes(Optional<String> sinceToken) throws IOException {
        requireNonNull(sinceToken, "sinceToken is null");
        String prefix = "source " + uri + ": ";
        if (trackingOff.isPresent()) {
            return ExtentChanges.full(size(), List.of(), Optional.empty(), List.of(prefix + trackingOff.get() + FALLBACK));
        }
        if (disk.changeId().isEmpty()) {
            return ExtentChanges.full(size(), List.of(), Optional.empty(), List.of(prefix + "vSphere gave disk "
                    + disk.label() + " no change id in snapshot " + snapshot.value() + " (change tracking not active"
                    + " yet?)" + FALLBACK));
        }
        if (sinceToken.isEmpty()) {
            return fullPass(List.of());
        }
        Optional<String> lost = lostTracking(sinceToken.get());
        if (lost.isPresent()) {
            return fullPass(List.of(prefix + lost.get() + FALLBACK));
        }
        String changeId = sinceToken.get().substring(TOKEN_PREFIX.length() + disk.uuid().orElse("-").length() + 1);
        List<DiskArea> areas;
        try {
            areas = vm.changedDiskAreas(snapshot, disk, changeId);
        } catch (VsphereFault fault) {
            if (!REJECTED_CHANGE_ID.contains(fault.faultType())) {
                throw fault; // transient (SystemError, a vanished snapshot...): the next run asks again, same token
            }
            return fullPass(List.of(prefix + "vSphere rejected change id '" + changeId + "' (after a resize, a storage"
                    + " vMotion or a change tracking reset it is no longer valid): " + fault.getMessage() + FALLBACK));
        }
        return new ExtentChanges(extents(areas), List.of(), false, nextToken(), List.of());
    }

    /** Why the token cannot be used with this disk, if it cannot. */
    private Optional<String> lostTracking(String token) {
        if (!token.startsWith(TOKEN_PREFIX)) {
            return Optional.of("change token '" + token + "' was not issued by a vsphere: source");
        }
        String rest = token.substring(TOKEN_PREFIX.length());
        int colon = rest.indexOf(':');
        if (colon <= 0 || colon == rest.length() - 1) {
            return Optional.of("change token '" + token + "' is not vsphere-cbt:<disk uuid>:<changeId>");
        }
        String uuid = rest.substring(0, colon);
        String current = disk.uuid().orElse("-");
        if (!uuid.equalsIgnoreCase(current)) {
            return Optional.of("disk " + disk.label() + " is now backed by uuid " + current + ", not " + uuid
                    + " as at the last point (the disk was replaced)");
        }
        return Optional.empty();
    }

    /** The whole disk, with the areas outside those in use ({@code changeId *}) as known zeros. */
    private ChangeSet fullPass(List<String> warnings) throws IOException {
        List<String> all = new ArrayList<>(warnings);
        warnings.forEach(LOG::debug); // the warning travels in the change set: recorded in the point
        List<Extent> zeros = List.of();
        try {
            zeros = complement(extents(vm.changedDiskAreas(snapshot, disk, "*")), size());
        } catch (VsphereFault fault) {
            all.add("source " + uri + ": vSphere could not list the areas in use (" + fault.getMessage()
                    + "); reading every byte of the disk");
        }
        return ExtentChanges.full(size(), zeros, nextToken(), all);
    }

    /** CBT areas as sorted, merged extents. */
    static List<Extent> extents(List<DiskArea> areas) {
        List<DiskArea> sorted = areas.stream().filter(a -> a.length() > 0)
                .sorted(Comparator.comparingLong(DiskArea::start)).toList();
        List<Extent> merged = new ArrayList<>();
        long start = -1;
        long end = -1;
        for (DiskArea area : sorted) {
            if (start >= 0 && area.start() <= end) {
                end = Math.max(end, area.end());
                continue;
            }
            if (start >= 0) {
                merged.add(new Extent(start, end - start));
            }
            start = area.start();
            end = area.end();
        }
        if (start >= 0) {
            merged.add(new Extent(start, end - start));
        }
        return List.copyOf(merged);
    }

    /** What of {@code [0, size)} the sorted, merged {@code extents} do not cover. */
    static List<Extent> complement(List<Extent> extents, long size) {
        List<Extent> gaps = new ArrayList<>();
        long position = 0;
        for (Extent extent : extents) {
            if (extent.offset() > position) {
                gaps.add(new Extent(position, extent.offset() - position));
            }
            position = Math.max(position, extent.end());
        }
        if (position < size) {
            gaps.add(new Extent(position, size - position));
        }
        return List.copyOf(gaps);
    }

    @Override
    public void read(long offset, ByteBuffer target) throws IOException {
        requireNonNull(target, "target is null");
        if (offset < 0 || offset > size() - target.remaining()) {
            throw new IOException("source " + uri + ": read of " + target.remaining() + " bytes at offset " + offset
                    + " is outside the disk (size " + size() + ")");
        }
        reader.read(offset, target);
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    @Override
    public String toString() {
        return "VsphereDiskSource[" + uri + "]";
    }
}
