package io.pilotlight.testing;

import io.pilotlight.nbd.NbdAddress;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real qemu-nbd serving one image read-only, on a unix socket or 127.0.0.1; killed on close. */
public final class QemuNbd implements AutoCloseable {
    private final Process process;
    private final NbdAddress address;
    private final Path log;

    private QemuNbd(Process process, NbdAddress address, Path log) {
        this.process = process;
        this.address = address;
        this.log = log;
    }

    /** {@code qemu-nbd -r -t [extra…] --socket=DIR/nbd.sock -f FORMAT IMAGE}, once the socket accepts. */
    public static QemuNbd unix(Path image, String format, String... extra) throws IOException, InterruptedException {
        Path socket = Files.createTempDirectory(image.getParent(), "sock").resolve("nbd.sock");
        List<String> command = new ArrayList<>(List.of("qemu-nbd", "-r", "-t", "-e", "8"));
        command.addAll(List.of(extra));
        command.addAll(List.of("--socket=" + socket, "-f", format, image.toString()));
        NbdAddress address = new NbdAddress(java.util.Optional.of(socket), java.util.Optional.empty(), 0, "");
        return start(command, address, image.getParent());
    }

    /** {@code qemu-nbd -r -t [extra…] -b 127.0.0.1 -p PORT -f FORMAT IMAGE}, once the port accepts. */
    public static QemuNbd tcp(Path image, String format, String... extra) throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of("qemu-nbd", "-r", "-t", "-e", "8"));
        command.addAll(List.of(extra));
        command.addAll(List.of("-b", "127.0.0.1", "-p", Integer.toString(port), "-f", format, image.toString()));
        NbdAddress address = new NbdAddress(java.util.Optional.empty(), java.util.Optional.of("127.0.0.1"), port, "");
        return start(command, address, image.getParent());
    }

    private static QemuNbd start(List<String> command, NbdAddress address, Path directory)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile(directory, "qemu-nbd", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        QemuNbd server = new QemuNbd(process, address, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!server.accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IOException(command + " did not start: " + Files.readString(log, StandardCharsets.UTF_8));
            }
            Thread.sleep(20);
        }
        return server;
    }

    /** Whether a connection succeeds (qemu-nbd -t takes the probe as a client that went away). */
    private boolean accepts() {
        try (SocketChannel probe = address.socket().isPresent()
                ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open()) {
            if (address.socket().isPresent()) {
                if (!Files.exists(address.socket().get())) {
                    return false;
                }
                probe.connect(UnixDomainSocketAddress.of(address.socket().get()));
            } else {
                probe.connect(new java.net.InetSocketAddress(address.host().orElseThrow(), address.port()));
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public NbdAddress address() {
        return address;
    }

    public NbdAddress address(String export) {
        return new NbdAddress(address.socket(), address.host(), address.port(), export);
    }

    public String uri() {
        return address.uri();
    }

    /** SIGKILL: the server vanishes mid-whatever, as in a crash. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /** Runs a command, returns its stdout; a non-zero exit fails with its output. */
    public static String run(String... command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("run", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(false).redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " took over 60 s");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited " + process.exitValue() + ": " + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
