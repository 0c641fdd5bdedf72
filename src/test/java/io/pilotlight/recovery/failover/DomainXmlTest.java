package io.pilotlight.recovery.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pilotlight.recovery.drill.DrillOptions.Target;
import io.pilotlight.recovery.failover.FailoverOptions.Forward;
import io.pilotlight.recovery.failover.FailoverOptions.Network;
import io.pilotlight.recovery.failover.FailoverOptions.Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The libvirt domain XML of a failover, checked against libvirt's schema with {@code virt-xml-validate}. */
class DomainXmlTest {
    private static final Path VALIDATE = Path.of("/usr/bin/virt-xml-validate");

    @TempDir
    Path dir;

    private static final FailoverState.Disk STANDBY_DISK = new FailoverState.Disk("vda", "web1", "20260101-000000000-aaaa",
            256L << 20, "/srv/standby/web1.img", "/var/lib/pilotlight/failover/web1/disk-0.qcow2", null, 0);
    private static final FailoverState.Disk INSTANT_DISK = new FailoverState.Disk("vdb", "web1-data",
            "20260101-000000000-bbbb", 1L << 30, null, "/var/lib/pilotlight/failover/web1/overlay-1.raw",
            "/var/lib/pilotlight/failover/web1/nbd-1.sock", 4242);

    private FailoverOptions options(Network network, Optional<Path> ovmf) {
        return FailoverOptions.of(Target.group("web1"), new Source.Instant("latest", List.of("pilotlight"), Map.of()),
                dir).with(network, List.of()).withMachine(1L << 30, 2, ovmf);
    }

    @Test
    void aStandbyDiskAndAnInstantDiskWithPortForwardsValidate() throws Exception {
        String xml = DomainXml.of(options(new Network.User(List.of(new Forward("", 2222, 22),
                new Forward("127.0.0.1", 8080, 80))), Optional.empty()), List.of(STANDBY_DISK, INSTANT_DISK), dir, "tcg");

        assertThat(xml).contains("<domain type='qemu'>", "<name>pilotlight-web1</name>", "<memory unit='KiB'>1048576<",
                "<vcpu>2</vcpu>", "<source file='/var/lib/pilotlight/failover/web1/disk-0.qcow2'/>",
                "<source file='/srv/standby/web1.img'/>", "<format type='raw'/>", "<target dev='vda' bus='virtio'/>",
                "<source protocol='nbd' name='web1-data'>",
                "<host transport='unix' socket='/var/lib/pilotlight/failover/web1/nbd-1.sock'/>",
                "<target dev='vdb' bus='virtio'/>", "<range start='2222' to='22'/>", "address='127.0.0.1'",
                "<source path='" + dir.resolve("serial.log") + "'/>",
                "vda (disk web1, point 20260101-000000000-aaaa, 268435456 bytes)",
                "1073741824 bytes");
        assertValid(xml);
    }

    @Test
    void disksOnTheSavedDomainsBusesWithItsBootOrderValidate() throws Exception {
        String xml = DomainXml.of(options(new Network.User(List.of()), Optional.empty()), List.of(STANDBY_DISK,
                INSTANT_DISK), List.of(new io.pilotlight.recovery.drill.Drive("a", "qcow2", "virtio", 2),
                        new io.pilotlight.recovery.drill.Drive("b", "raw", "sata", 1)), dir, "tcg");

        assertThat(xml).contains("<target dev='vda' bus='virtio'/>\n      <boot order='2'/>",
                "<target dev='sda' bus='sata'/>\n      <boot order='1'/>").doesNotContain("<boot dev=");
        assertValid(xml);
    }

    @Test
    void tapBridgeKvmAndUefiValidate() throws Exception {
        List<FailoverState.Disk> disks = List.of(STANDBY_DISK);
        assertValid(DomainXml.of(options(new Network.Tap("tap-web1"), Optional.empty()), disks, dir, "kvm"));
        assertValid(DomainXml.of(options(new Network.Bridge("br0"), Optional.of(Path.of("/usr/share/OVMF/OVMF_CODE.fd"))),
                disks, dir, "tcg"));
        assertValid(DomainXml.of(options(new Network.User(List.of()), Optional.empty()), disks, dir, "tcg"));
        assertThat(DomainXml.of(options(new Network.Tap("tap-web1"), Optional.empty()), disks, dir, "kvm"))
                .contains("<domain type='kvm'>", "<target dev='tap-web1' managed='no'/>");
    }

    @Test
    void namesAndPathsAreEscaped() {
        assertThat(DomainXml.escape("a'b<c>&\"")).isEqualTo("a&apos;b&lt;c&gt;&amp;&quot;");
    }

    private void assertValid(String xml) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(VALIDATE), "virt-xml-validate is not installed (test.sh installs libvirt-clients)");
        Path file = Files.createTempFile(dir, "domain", ".xml");
        Files.writeString(file, xml, StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(VALIDATE.toString(), file.toString(), "domain").redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("virt-xml-validate: %s%n%s", output, xml).isZero();
    }
}
