package io.pilotlight.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A running libvirtd with the QEMU driver at {@code qemu:///system}, started the way BRIEF §11 says
 * when it is not already answering (as root, without systemd): the {@code libvirt-qemu} user and the
 * {@code kvm} and {@code libvirt-qemu} groups, {@code /var/log/libvirt} and {@code /var/run/libvirt},
 * {@code user = "root"}, {@code group = "root"}, {@code dynamic_ownership = 0} and {@code
 * security_driver = "none"} in {@code /etc/libvirt/qemu.conf}, then {@code virtlogd -d; libvirtd -d}.
 * A test that calls {@link #ensureRunning()} is skipped (a JUnit assumption, with the reason) only
 * when that cannot be done: not root, or libvirt not installed (test.sh installs it).
 */
public final class Libvirtd {
    public static final String CONNECTION = "qemu:///system";
    private static final List<String> QEMU_CONF = List.of("user = \"root\"", "group = \"root\"",
            "dynamic_ownership = 0", "security_driver = \"none\"");
    private static boolean running;

    private Libvirtd() {}

    /** Starts libvirtd if it is not answering; skips the calling test if it cannot be started. */
    public static synchronized void ensureRunning() {
        if (running || answers()) {
            running = true;
            return;
        }
        String why = start();
        Assumptions.assumeTrue(why.isEmpty(), () -> "libvirtd is not running and cannot be started here: " + why);
        running = true;
    }

    /** Sets up and starts the daemons; returns why it could not, or "" once {@code virsh version} answers. */
    private static String start() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "starting it needs root (BRIEF §11)";
        }
        if (!Files.isExecutable(Path.of("/usr/sbin/libvirtd")) || !Files.isExecutable(Path.of("/usr/bin/virsh"))) {
            return "libvirt is not installed (apt-get install libvirt-daemon libvirt-daemon-driver-qemu"
                    + " libvirt-clients; test.sh does)";
        }
        try {
            quietly("groupadd", "-r", "kvm");
            quietly("groupadd", "-r", "libvirt-qemu");
            quietly("useradd", "-r", "-g", "kvm", "-s", "/usr/sbin/nologin", "-d", "/var/lib/libvirt", "libvirt-qemu");
            Files.createDirectories(Path.of("/var/log/libvirt"));
            Files.createDirectories(Path.of("/var/run/libvirt"));
            configure(Path.of("/etc/libvirt/qemu.conf"));
            quietly("virtlogd", "-d");
            quietly("libvirtd", "-d");
            for (int attempt = 0; attempt < 100; attempt++) {
                if (answers()) {
                    return "";
                }
                Thread.sleep(200);
            }
            return "started, but 'virsh -c " + CONNECTION + " version' did not answer within 20 s (see"
                    + " /var/log/libvirt/libvirtd.log)";
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Adds the settings §11 needs that qemu.conf does not have yet (keeps everything else). */
    private static void configure(Path conf) throws IOException {
        Files.createDirectories(conf.getParent());
        List<String> lines = Files.exists(conf) ? new ArrayList<>(Files.readAllLines(conf)) : new ArrayList<>();
        boolean changed = false;
        for (String setting : QEMU_CONF) {
            if (!lines.contains(setting)) {
                lines.add(setting);
                changed = true;
            }
        }
        if (changed) {
            Files.write(conf, lines);
        }
    }

    private static boolean answers() {
        try {
            return run(List.of("virsh", "-c", CONNECTION, "version")).exitCode == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static void quietly(String... command) throws IOException {
        run(List.of(command));
    }

    /** Runs {@code virsh -c qemu:///system arguments…}; a failure is an assertion error quoting its output. */
    public static String virsh(String... arguments) {
        List<String> command = new ArrayList<>(List.of("virsh", "-q", "-c", CONNECTION));
        command.addAll(List.of(arguments));
        try {
            Result result = run(command);
            if (result.exitCode != 0) {
                throw new AssertionError(String.join(" ", command) + " failed: " + result.output);
            }
            return result.output;
        } catch (IOException e) {
            throw new AssertionError(String.join(" ", command) + ": " + e.getMessage(), e);
        }
    }

    public record Result(int exitCode, String output) {}

    public static Result run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + ": no exit within 60 s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
