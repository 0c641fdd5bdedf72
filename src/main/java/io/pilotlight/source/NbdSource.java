package io.pilotlight.source;

import static java.util.Objects.requireNonNull;

import io.pilotlight.nbd.NbdAddress;
import io.pilotlight.nbd.NbdClient;
import io.pilotlight.nbd.NbdExtent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Any NBD export: {@code nbd+unix:///EXPORT?socket=PATH} or {@code nbd://HOST[:PORT]/EXPORT}, with an
 * optional query parameter {@code bitmap=NAME} (for example {@code nbd+unix:///?socket=/run/x.sock&bitmap=b0}).
 *
 * <p>When the server offers {@code base:allocation}, extents it flags zero are reported as
 * {@link ChangeSet#knownZero()} and not read. Without {@code bitmap} every run is a full pass. With it,
 * the source reports the {@code qemu:dirty-bitmap:NAME} extents when the parent point's token is
 * {@code nbd-bitmap:NAME}: the bitmap is managed outside pilotlight (libvirt checkpoints, a VM), and
 * it must cover every write since the parent point was taken. Any other token, or a server that does
 * not offer the bitmap, gives a full pass with a warning.
 */
public final class NbdSource implements ChangedBlockSource {
    /** Prefix of the change tokens this source issues; the bitmap's name follows. */
    public static final String TOKEN_PREFIX = "nbd-bitmap:";
    static final String ALLOCATION = "base:allocation";
    static final String DIRTY_BITMAP = "qemu:dirty-bitmap:";
    private static final int ZERO = 2;
    private static final int DIRTY = 1;
    private static final Pattern BITMAP_PARAMETER = Pattern.compile("([?&])bitmap=([^&]*)");

    private final String uri;
    private final Optional<String> bitmap;
    private final NbdClient client;

    private NbdSource(String uri, Optional<String> bitmap, NbdClient client) {
        this.uri = uri;
        this.bitmap = bitmap;
        this.client = client;
    }

    /** Connects to the export {@code uri} names. */
    public static NbdSource open(String uri) throws IOException {
        requireNonNull(uri, "uri is null");
        Matcher matcher = BITMAP_PARAMETER.matcher(uri);
        Optional<String> bitmap = Optional.empty();
        String address = uri;
        if (matcher.find()) {
            bitmap = Optional.of(matcher.group(2)).filter(name -> !name.isEmpty());
            if (bitmap.isEmpty()) {
                throw new IllegalArgumentException("source '" + uri + "': bitmap= names no bitmap");
            }
            String rest = uri.substring(matcher.end());
            address = uri.substring(0, matcher.start()) + (rest.startsWith("&") ? matcher.group(1) + rest.substring(1)
                    : rest);
        }
        return connect(uri, NbdAddress.parse(address), bitmap);
    }

    /** Connects to {@code address}, naming the source {@code uri}, asking for {@code bitmap}'s context. */
    public static NbdSource connect(String uri, NbdAddress address, Optional<String> bitmap) throws IOException {
        List<String> contexts = new ArrayList<>(List.of(ALLOCATION));
        bitmap.ifPresent(name -> contexts.add(DIRTY_BITMAP + name));
        NbdClient client;
        try {
            client = NbdClient.connect(address, contexts);
        } catch (IOException e) {
            throw new IOException("source " + uri + ": cannot connect to " + address.uri() + ": " + e.getMessage(), e);
        }
        return new NbdSource(uri, bitmap, client);
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public long size() {
        return client.size();
    }

    @Override
    public ChangeSet changes(Optional<String> sinceToken) throws IOException {
        List<Extent> zeros = zeroExtents();
        if (bitmap.isEmpty()) {
            return ExtentChanges.full(size(), zeros, Optional.empty(), sinceToken.isEmpty() ? List.of()
                    : List.of("source " + uri + ": no bitmap= given; reading the whole disk"));
        }
        String name = bitmap.get();
        Optional<String> next = Optional.of(TOKEN_PREFIX + name);
        if (!client.metaContexts().contains(DIRTY_BITMAP + name)) {
            return ExtentChanges.full(size(), zeros, next, List.of("source " + uri + ": the server does not offer"
                    + " dirty bitmap '" + name + "' (offers " + client.metaContexts() + "); reading the whole disk"));
        }
        if (sinceToken.isEmpty()) {
            return ExtentChanges.full(size(), zeros, next, List.of());
        }
        if (!sinceToken.equals(next)) {
            return ExtentChanges.full(size(), zeros, next, List.of("source " + uri + ": the last point's change token '"
                    + sinceToken.get() + "' is not '" + next.get() + "'; reading the whole disk"));
        }
        return new ExtentChanges(dirtyExtents(name), zeros, false, next, List.of());
    }

    /** Extents {@code base:allocation} flags as reading zeros; none if the server does not offer it. */
    public List<Extent> zeroExtents() throws IOException {
        if (!client.metaContexts().contains(ALLOCATION)) {
            return List.of();
        }
        return extents(ALLOCATION, flags -> (flags & ZERO) != 0);
    }

    /** Extents {@code bitmap} marks dirty. */
    public List<Extent> dirtyExtents(String name) throws IOException {
        return extents(DIRTY_BITMAP + name, flags -> (flags & DIRTY) != 0);
    }

    /** The extents of {@code context} whose flags match, merged and clipped to the disk. */
    private List<Extent> extents(String context, IntPredicate match) throws IOException {
        long size = size();
        List<Extent> extents = new ArrayList<>();
        if (size == 0) {
            return extents;
        }
        long runStart = -1;
        long position = 0;
        for (NbdExtent extent : client.blockStatus(context, 0, size)) {
            if (extent.offset() != position) {
                throw new IOException("source " + uri + ": " + context + " extents skip from " + position + " to "
                        + extent.offset());
            }
            position = Math.min(size, extent.offset() + extent.length());
            if (match.test(extent.flags())) {
                runStart = runStart < 0 ? extent.offset() : runStart;
            } else if (runStart >= 0) {
                extents.add(new Extent(runStart, extent.offset() - runStart));
                runStart = -1;
            }
        }
        if (position != size) {
            throw new IOException("source " + uri + ": " + context + " extents end at " + position
                    + ", not at the disk's end " + size);
        }
        if (runStart >= 0) {
            extents.add(new Extent(runStart, size - runStart));
        }
        return List.copyOf(extents);
    }

    @Override
    public void read(long offset, ByteBuffer target) throws IOException {
        requireNonNull(target, "target is null");
        if (offset < 0 || offset > size() - target.remaining()) {
            throw new IOException("source " + uri + ": read of " + target.remaining() + " bytes at offset " + offset
                    + " is outside the disk (size " + size() + ")");
        }
        client.read(offset, target); // splits at the server's maximum request, several in flight
    }

    @Override
    public void close() throws IOException {
        client.close();
    }

    @Override
    public String toString() {
        return "NbdSource[" + uri + "]";
    }
}
