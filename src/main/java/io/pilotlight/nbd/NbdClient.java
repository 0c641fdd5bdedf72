package io.pilotlight.nbd;

import static io.pilotlight.nbd.NbdProtocol.*;
import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to one NBD export. Thread-safe: any thread may send requests; one reader thread takes
 * the replies and hands each to its request by handle; at most {@value #MAX_IN_FLIGHT} requests are
 * in flight. A server that hangs up fails every request in flight with an {@link IOException}; one that
 * goes silent for the idle timeout (default {@value #DEFAULT_TIMEOUT_SECONDS} s) with requests in flight
 * is disconnected, with the same result. After either, every call fails at once.
 */
public final class NbdClient implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(NbdClient.class);
    static final int MAX_IN_FLIGHT = 16;
    static final int DEFAULT_TIMEOUT_SECONDS = 30;
    /** The largest block status request: 32-bit length, kept a multiple of any block size. */
    private static final long MAX_BLOCK_STATUS = 0x1_0000_0000L;
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "nbd-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final String export;
    private final ByteChannel channel;
    private final NbdHandshake.Session session;
    private final long timeoutNanos;
    private final Map<Long, NbdRequest> inFlight = new ConcurrentHashMap<>();
    private final Semaphore permits = new Semaphore(MAX_IN_FLIGHT);
    private final AtomicLong nextHandle = new AtomicLong(1);
    private final Object sending = new Object();
    private final ByteBuffer requestBuffer = ByteBuffer.allocateDirect(28);
    private final Thread reader;
    private final ScheduledFuture<?> idleCheck;
    private volatile long lastProgress = System.nanoTime();
    private volatile IOException broken;
    private volatile boolean closed;

    private NbdClient(String export, ByteChannel channel, NbdHandshake.Session session, Duration timeout) {
        this.export = export;
        this.channel = channel;
        this.session = session;
        this.timeoutNanos = timeout.toNanos();
        NbdReplyReader replies = new NbdReplyReader(new ProgressChannel(channel), export, inFlight::get);
        this.reader = new Thread(() -> readReplies(replies), "nbd-reader-" + export);
        reader.setDaemon(true);
        reader.start();
        long period = Math.max(10, timeout.toMillis() / 4);
        this.idleCheck = WATCHDOG.scheduleAtFixedRate(this::checkIdle, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Connects, fixed-newstyle handshake, OPT_STRUCTURED_REPLY, OPT_SET_META_CONTEXT for each requested
     * context (e.g. "base:allocation", "qemu:dirty-bitmap:b0"), OPT_GO with block-size info. A context the
     * server does not offer is left out of {@link #metaContexts()} (and logged), not an error.
     */
    public static NbdClient connect(NbdAddress address, List<String> metaContexts) throws IOException {
        return connect(address, metaContexts, Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS));
    }

    static NbdClient connect(NbdAddress address, List<String> metaContexts, Duration timeout) throws IOException {
        requireNonNull(address, "address is null");
        SocketChannel channel = open(address, timeout);
        try {
            return over(channel, address.export(), metaContexts, timeout);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** A client over an already connected channel (tests hand it a scripted server). */
    static NbdClient over(ByteChannel channel, String export, List<String> metaContexts, Duration timeout) throws IOException {
        requireNonNull(metaContexts, "metaContexts is null");
        ScheduledFuture<?> handshakeTimeout = WATCHDOG.schedule(() -> closeQuietly(channel), timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        NbdHandshake.Session session;
        try {
            session = NbdHandshake.negotiate(channel, export, List.copyOf(metaContexts));
        } catch (IOException e) {
            if (handshakeTimeout.isDone() || !channel.isOpen()) {
                throw new IOException("NBD export '" + export + "': no handshake within " + timeout.toMillis() + " ms", e);
            }
            throw e;
        } finally {
            handshakeTimeout.cancel(false);
        }
        if (!channel.isOpen()) {
            throw new IOException("NBD export '" + export + "': no handshake within " + timeout.toMillis() + " ms");
        }
        return new NbdClient(export, channel, session, timeout);
    }

    private static SocketChannel open(NbdAddress address, Duration timeout) throws IOException {
        if (address.socket().isPresent()) {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(address.socket().get()));
            } catch (IOException e) {
                channel.close();
                throw new IOException("NBD " + address.uri() + ": cannot connect to unix socket: " + e.getMessage(), e);
            }
            return channel;
        }
        SocketChannel channel = SocketChannel.open();
        try {
            channel.socket().connect(new InetSocketAddress(address.host().orElseThrow(), address.port()),
                    (int) timeout.toMillis());
            channel.socket().setTcpNoDelay(true);
        } catch (IOException e) {
            channel.close();
            throw new IOException("NBD " + address.uri() + ": cannot connect: " + e.getMessage(), e);
        }
        return channel;
    }

    /** The export's size in bytes. */
    public long size() {
        return session.size();
    }

    /** The largest read payload this client asks for: the server's maximum (NBD_INFO_BLOCK_SIZE), at most 32 MiB. */
    public int maxRequest() {
        return session.maxRequest();
    }

    /** The meta contexts the server agreed to; a requested one it does not offer is absent. */
    public Set<String> metaContexts() {
        return session.contexts().keySet();
    }

    /**
     * Reads {@code target.remaining()} bytes at {@code offset} into {@code target} (whose position ends at
     * its limit). Splits into requests of at most {@link #maxRequest()} and keeps them in flight together.
     */
    public void read(long offset, ByteBuffer target) throws IOException {
        requireNonNull(target, "target is null");
        requireRange(offset, target.remaining(), "read");
        long end = offset + target.remaining();
        long alignment = session.minimumBlock();
        if (offset % alignment != 0 || end % alignment != 0) {
            readUnaligned(offset, target, alignment);
            return;
        }
        List<NbdRequest> requests = new ArrayList<>();
        IOException failure = null;
        try {
            int base = target.position();
            for (long position = offset; position < end; position += maxRequest()) {
                int length = (int) Math.min(maxRequest(), end - position);
                int from = base + (int) (position - offset);
                ByteBuffer piece = target.duplicate().limit(from + length).position(from);
                requests.add(send(NbdRequest.read(export, nextHandle.getAndIncrement(), position, piece)));
            }
        } catch (IOException e) {
            failure = e;
        }
        failure = awaitAll(requests, failure); // never return while the reader may still write into target
        if (failure != null) {
            throw failure;
        }
        target.position(target.limit());
    }

    /** The server wants aligned requests: read the aligned range around this one and copy out. */
    private void readUnaligned(long offset, ByteBuffer target, long alignment) throws IOException {
        long start = offset - offset % alignment;
        long end = offset + target.remaining();
        long alignedEnd = Math.min(size(), (end + alignment - 1) / alignment * alignment);
        ByteBuffer aligned = ByteBuffer.allocate(Math.toIntExact(alignedEnd - start));
        read(start, aligned);
        aligned.limit((int) (end - start)).position((int) (offset - start));
        target.put(aligned);
    }

    private static IOException awaitAll(List<NbdRequest> requests, IOException failure) {
        for (NbdRequest request : requests) {
            try {
                request.await();
            } catch (InterruptedIOException e) {
                failure = failure == null ? e : failure;
                request.fail(e);
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        return failure;
    }

    /**
     * The extents of {@code metaContext} covering exactly {@code [offset, offset + length)}, adjacent
     * extents with equal flags merged. Asks in requests of at most 4 GiB and again after a short answer.
     */
    public List<NbdExtent> blockStatus(String metaContext, long offset, long length) throws IOException {
        Integer contextId = session.contexts().get(requireNonNull(metaContext, "metaContext is null"));
        if (contextId == null) {
            throw new IllegalArgumentException("NBD export '" + export + "': meta context '" + metaContext
                    + "' was not agreed; agreed: " + metaContexts());
        }
        requireRange(offset, length, "block status");
        long end = offset + length;
        long maxLength = MAX_BLOCK_STATUS - session.minimumBlock();
        List<NbdExtent> result = new ArrayList<>();
        long position = offset;
        while (position < end) {
            int requestLength = (int) Math.min(maxLength, end - position);
            NbdRequest request = send(NbdRequest.blockStatus(export, nextHandle.getAndIncrement(), position,
                    requestLength, contextId));
            for (NbdExtent extent : request.await()) {
                long extentEnd = Math.min(extent.end(), end);
                append(result, new NbdExtent(extent.offset(), extentEnd - extent.offset(), extent.flags()));
                position = extentEnd;
                if (position == end) {
                    break;
                }
            }
        }
        return List.copyOf(result);
    }

    private static void append(List<NbdExtent> extents, NbdExtent extent) {
        int last = extents.size() - 1;
        if (last >= 0 && extents.get(last).flags() == extent.flags() && extents.get(last).end() == extent.offset()) {
            NbdExtent previous = extents.remove(last);
            extent = new NbdExtent(previous.offset(), previous.length() + extent.length(), extent.flags());
        }
        extents.add(extent);
    }

    private void requireRange(long offset, long length, String what) {
        if (offset < 0 || length < 0 || offset > size() || length > size() - offset) {
            throw new IllegalArgumentException("NBD export '" + export + "': " + what + " of " + length
                    + " bytes at offset " + offset + " is outside the export's " + size() + " bytes");
        }
    }

    private NbdRequest send(NbdRequest request) throws IOException {
        failIfUnusable(request);
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(request.describe() + ": interrupted waiting to send");
        }
        inFlight.put(request.handle, request);
        if (broken != null || closed) { // the reader may have failed everything just before the put
            release(request, unusable(request));
            return request;
        }
        try {
            synchronized (sending) {
                lastProgress = System.nanoTime();
                requestBuffer.clear().putInt(REQUEST_MAGIC).putShort((short) 0).putShort((short) request.command)
                        .putLong(request.handle).putLong(request.offset).putInt(request.length).flip();
                NbdWire.writeFully(channel, requestBuffer);
            }
        } catch (IOException e) {
            abort(new IOException("sending " + commandName(request.command) + " failed: " + e.getMessage(), e));
        }
        return request;
    }

    private void failIfUnusable(NbdRequest request) throws IOException {
        if (broken != null || closed) {
            throw unusable(request);
        }
    }

    private IOException unusable(NbdRequest request) {
        if (broken != null) {
            return new IOException(request.describe() + ": " + broken.getMessage(), broken);
        }
        return new IOException(request.describe() + ": the client is closed");
    }

    private void release(NbdRequest request, IOException failure) {
        inFlight.remove(request.handle);
        if (failure == null ? request.finish() : request.fail(failure)) {
            permits.release();
        }
    }

    private void readReplies(NbdReplyReader replies) {
        try {
            while (true) {
                NbdRequest done = replies.next();
                if (done != null) {
                    release(done, null);
                }
            }
        } catch (IOException | RuntimeException e) {
            abort(closed && broken == null ? new IOException("the client is closed", e) : e instanceof IOException io
                    ? io : new IOException(e.toString(), e));
        }
    }

    /** The connection is unusable: remember why, hang up, and fail every request in flight. */
    private void abort(IOException cause) {
        synchronized (this) {
            if (broken == null) {
                broken = closed ? cause : new IOException("connection lost: " + cause.getMessage(), cause);
                if (!closed) {
                    LOG.warn("NBD export '{}': {}", export, broken.getMessage());
                }
            }
        }
        closeQuietly(channel);
        idleCheck.cancel(false);
        for (NbdRequest request : inFlight.values()) {
            release(request, unusable(request));
        }
    }

    private void checkIdle() {
        if (!inFlight.isEmpty() && System.nanoTime() - lastProgress > timeoutNanos) {
            abort(new IOException("no reply within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms"));
        }
    }

    /** Sends NBD_CMD_DISC (when the connection still works) and closes. Requests still in flight fail. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (broken == null) {
            try {
                synchronized (sending) {
                    requestBuffer.clear().putInt(REQUEST_MAGIC).putShort((short) 0).putShort((short) CMD_DISC)
                            .putLong(nextHandle.getAndIncrement()).putLong(0).putInt(0).flip();
                    NbdWire.writeFully(channel, requestBuffer);
                }
            } catch (IOException e) {
                LOG.debug("NBD export '{}': NBD_CMD_DISC not sent: {}", export, e.getMessage());
            }
        }
        abort(new IOException("the client is closed"));
        try {
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing NBD channel: {}", e.getMessage());
        }
    }

    /** Stamps {@link #lastProgress} whenever bytes arrive, so a long reply is not taken for a silent server. */
    private final class ProgressChannel implements java.nio.channels.ReadableByteChannel {
        private final ByteChannel delegate;

        ProgressChannel(ByteChannel delegate) {
            this.delegate = delegate;
        }

        @Override
        public int read(ByteBuffer buffer) throws IOException {
            int count = delegate.read(buffer);
            if (count > 0) {
                lastProgress = System.nanoTime();
            }
            return count;
        }

        @Override
        public boolean isOpen() {
            return delegate.isOpen();
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }
}
