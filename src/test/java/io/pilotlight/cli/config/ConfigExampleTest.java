package io.pilotlight.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.recovery.drill.DrillOptions.Accelerator;
import io.pilotlight.recovery.drill.DrillOptions.PortCheck;
import io.pilotlight.recovery.follow.Verification;
import io.pilotlight.retention.Bucket;
import io.pilotlight.retention.RetentionPolicy;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The full example of docs/configuration.md, read out of the doc so the two cannot drift. */
class ConfigExampleTest {
    static final Path DOC = Path.of("docs/configuration.md");

    /** The first {@code ```yaml} block of the doc. */
    static String example() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int start = doc.indexOf("```yaml\n") + "```yaml\n".length();
        return doc.substring(start, doc.indexOf("\n```", start) + 1);
    }

    private static PilotlightConfig parsed() throws IOException {
        ConfigResult result = new ConfigParser().parse("configuration.md", example());
        assertThat(result.problems()).isEmpty();
        return result.config().orElseThrow();
    }

    @Test
    void theExampleParsesToTheRepositoriesAndDisksItDescribes() throws IOException {
        PilotlightConfig config = parsed();
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        assertThat(config.zone()).isEqualTo(berlin);
        assertThat(config.repositories()).containsOnlyKeys("local", "offsite");
        assertThat(config.limits()).isEqualTo(new Limits(4, 1));
        assertThat(config.repositories().get("local")).isEqualTo(new RepositoryConfig("local", "/srv/pilotlight",
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(new RepositoryPassword.None())));
        assertThat(config.repositories().get("offsite")).isEqualTo(new RepositoryConfig("offsite",
                "s3://dr-backups/pilotlight", Optional.of(URI.create("https://s3.eu-central.example.com")),
                Optional.of("eu-central-1"), Optional.of(true), Optional.of(new SecretRef.Env("PILOTLIGHT_S3_KEY_ID")),
                Optional.of(new SecretRef.File(Path.of("/etc/pilotlight/s3-secret"))),
                Optional.of(new RepositoryPassword.Reference(new SecretRef.File(
                        Path.of("/etc/pilotlight/offsite-passphrase"))))));
        RetentionPolicy vm1Retention = RetentionPolicy.parse(Map.of("--keep-last", "4", "--keep-hourly", "24",
                "--keep-daily", "7", "--keep-weekly", "4", "--keep-monthly", "12", "--keep-within", "2d"));
        assertThat(config.disks().get("vm1-sda")).isEqualTo(new DiskConfig("vm1-sda",
                "nbd+unix:///vm1-sda?socket=/run/vm1/nbd.sock&bitmap=pilotlight",
                new Protection("local", new Schedule("every 15m jitter 1m", berlin), Optional.of(Duration.ofMinutes(30)),
                        vm1Retention, berlin)));
        DiskConfig db = config.disks().get("db-sdb");
        assertThat(db.source()).isEqualTo("qmp:/run/qemu/db.qmp?node=drive-virtio-disk1");
        assertThat(db.protection()).isEqualTo(new Protection("offsite", new Schedule("hourly :15", ZoneId.of("UTC")),
                Optional.of(Duration.ofHours(2)), RetentionPolicy.parse(Map.of("--keep-daily", "14",
                        "--keep-yearly", "unlimited")), ZoneId.of("UTC")));
        assertThat(db.protection().retention().counts()).containsEntry(Bucket.YEARLY, RetentionPolicy.UNLIMITED);
        assertThat(config.disks().keySet()).containsExactly("vm1-sda", "db-sdb");
    }

    @Test
    void theExampleParsesToTheGroupsItDescribes() throws IOException {
        PilotlightConfig config = parsed();
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        GroupConfig web = config.groups().get("web-1");
        assertThat(web.members()).containsExactly(Map.entry("sda", "file:/dev/vg0/web-1-sda"),
                Map.entry("sdb", "qemu:/var/lib/libvirt/images/web-1-sdb.qcow2"));
        assertThat(web.vsphere()).isEmpty();
        assertThat(web.libvirt()).isEmpty();
        assertThat(web.protection()).isEqualTo(new Protection("local", new Schedule("daily 02:00", berlin),
                Optional.of(Duration.ofHours(26)), RetentionPolicy.parse(Map.of("--keep-daily", "7")), berlin));
        GroupConfig app = config.groups().get("app-2");
        assertThat(app.members()).isEmpty();
        assertThat(app.vsphere()).contains(new VsphereSource("vsphere://backup@vcenter.example.com/app-2",
                new SecretRef.Env("VSPHERE_PASSWORD"),
                Optional.of("3F:A2:9C:11:0B:44:D6:7E:88:19:2A:BC:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23"),
                true, true, Map.of("scsi0:0", "nbd+unix:///app-2-sda?socket=/run/vddk/app-2-sda.sock"),
                Optional.of(List.of("nbdkit", "--unix", "{socket}", "vddk", "file={file}", "snapshot={snapshot}",
                        "vm=moref={vm}"))));
        assertThat(app.protection().schedule().text()).isEqualTo("weekly sun 01:30");
        assertThat(app.protection().rpo()).contains(Duration.ofDays(8));
        assertThat(app.libvirt()).isEmpty();
        GroupConfig db = config.groups().get("db-3");
        assertThat(db.members()).isEmpty();
        assertThat(db.vsphere()).isEmpty();
        assertThat(db.libvirt()).contains("libvirt:///system/db-3?scratch=/var/lib/pilotlight/scratch");
        assertThat(db.protection()).isEqualTo(new Protection("local", new Schedule("every 1h", berlin),
                Optional.of(Duration.ofHours(2)), RetentionPolicy.parse(Map.of()), berlin));
        assertThat(config.groups().keySet()).containsExactly("web-1", "app-2", "db-3");
    }

    @Test
    void theExampleParsesToTheFollowersJobsAndListenerItDescribes() throws IOException {
        PilotlightConfig config = parsed();
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        assertThat(config.followers().get("vm1-sda-dr")).isEqualTo(new FollowerConfig("vm1-sda-dr",
                Optional.of("vm1-sda"), Optional.empty(), "local", Path.of("/var/lib/pilotlight/standby/vm1-sda.img"),
                Verification.SAMPLED, Duration.ofMinutes(1), Optional.of(Duration.ofMinutes(45))));
        assertThat(config.followers().get("web-1-dr")).isEqualTo(new FollowerConfig("web-1-dr", Optional.empty(),
                Optional.of("web-1"), "local", Path.of("/var/lib/pilotlight/standby/web-1"), Verification.ALWAYS,
                Duration.ofSeconds(30), Optional.empty()));
        assertThat(config.verifyJobs()).containsExactly(Map.entry("weekly-full", new VerifyJob("weekly-full",
                "offsite", new Schedule("weekly sat 03:00", ZoneId.of("UTC")), true)));
        assertThat(config.pruneJobs()).containsExactly(Map.entry("nightly", new PruneJob("nightly", "local",
                new Schedule("daily 04:00", berlin), Duration.ofHours(48), 10)));
        assertThat(config.listener()).isEqualTo(new ListenerConfig("0.0.0.0", 9811,
                Optional.of(new SecretRef.File(Path.of("/etc/pilotlight/api-token")))));
    }

    @Test
    void theExampleParsesToTheDrillItDescribes() throws IOException {
        DrillConfig drill = parsed().drills().get("web-1-boots");
        assertThat(drill.group()).contains("web-1");
        assertThat(drill.disk()).isEmpty();
        assertThat(drill.repository()).isEqualTo("local");
        assertThat(drill.schedule()).isEqualTo(new Schedule("weekly sun 05:00", ZoneId.of("UTC")));
        assertThat(drill.heartbeat().orElseThrow().pattern()).isEqualTo("login:");
        assertThat(drill.ports()).extracting(PortCheck::guestPort).containsExactly(22, 8080);
        assertThat(drill.ports().get(0).expect()).isEmpty();
        assertThat(drill.ports().get(1).expect().orElseThrow().pattern()).isEqualTo("HTTP/1\\.[01]");
        assertThat(drill.checkTimeout()).isEqualTo(Duration.ofMinutes(3));
        assertThat(drill.timeout()).isEqualTo(Duration.ofMinutes(12));
        assertThat(drill.memoryBytes()).isEqualTo(1L << 30);
        assertThat(drill.accelerator()).isEqualTo(Accelerator.AUTO);
        assertThat(drill.workDirectory()).contains(Path.of("/var/tmp/pilotlight-drill"));
    }

    @Test
    void theExampleParsesToTheCloudSyncItDescribes() throws IOException {
        assertThat(parsed().cloudSyncs()).containsExactly(Map.entry("web-1-ebs", new CloudSyncConfig("web-1-ebs",
                Optional.empty(), Optional.of("web-1"), "local", new Schedule("every 5m", ZoneId.of("UTC")),
                "eu-west-1", Optional.empty(), Optional.of(new SecretRef.Env("PILOTLIGHT_AWS_KEY_ID")),
                Optional.of(new SecretRef.File(Path.of("/etc/pilotlight/aws-secret"))), true,
                Optional.of("arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"), 16)));
    }

    @Test
    void aDrillLeftToItsDefaults() {
        String yaml = """
                repositories:
                  main: {location: /srv/p}
                disks:
                  vm1-sda: {source: /dev/sda, schedule: every 1h}
                drills:
                  boots: {disk: vm1-sda, schedule: daily 05:00, ports: [7777]}
                """;
        DrillConfig drill = new ConfigParser().parse("p.yaml", yaml).config().orElseThrow().drills().get("boots");
        assertThat(drill.repository()).isEqualTo("main");
        assertThat(drill.heartbeat()).isEmpty();
        assertThat(drill.checkTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(drill.timeout()).isEqualTo(Duration.ofMinutes(4).plusSeconds(60));
        assertThat(drill.memoryBytes()).isEqualTo(256L << 20);
        assertThat(drill.accelerator()).isEqualTo(Accelerator.AUTO);
        assertThat(drill.workDirectory()).isEmpty();
    }

    @Test
    void defaultsApplyWhenKeysAreLeftOut() {
        String yaml = """
                repositories:
                  main: {location: /srv/p}
                disks:
                  vm1-sda: {source: /dev/sda, schedule: every 1h}
                followers:
                  dr: {disk: vm1-sda, to: /dr/vm1-sda.img}
                verify:
                  v: {schedule: daily 01:00}
                prune:
                  p: {schedule: daily 02:00}
                """;
        PilotlightConfig config = new ConfigParser().parse("p.yaml", yaml).config().orElseThrow();
        assertThat(config.zone()).isEqualTo(ZoneOffset.UTC);
        assertThat(config.listener()).isEqualTo(ListenerConfig.DEFAULT);
        assertThat(config.listener().address()).isEqualTo("127.0.0.1:9811");
        Protection protection = config.disks().get("vm1-sda").protection();
        assertThat(protection.repository()).isEqualTo("main");
        assertThat(protection.rpo()).isEmpty();
        assertThat(protection.retention()).isEqualTo(RetentionPolicy.EMPTY);
        assertThat(config.followers().get("dr").verify()).isEqualTo(Verification.SAMPLED);
        assertThat(config.followers().get("dr").poll()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.verifyJobs().get("v").readData()).isFalse();
        assertThat(config.pruneJobs().get("p")).isEqualTo(new PruneJob("p", "main",
                new Schedule("daily 02:00", ZoneOffset.UTC), Duration.ofHours(24), 5));
    }

    @Test
    void theReferenceTableNamesEveryKeyTheExampleUses() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        String reference = doc.substring(doc.indexOf("## Reference"));
        example().lines().map(String::strip).filter(line -> line.matches("[a-z][a-z-]*:.*"))
                .map(line -> line.substring(0, line.indexOf(':')))
                .filter(key -> !List.of("local", "offsite", "vm1-sda", "db-sdb", "web-1", "app-2", "sda", "sdb",
                        "vm1-sda-dr", "web-1-dr", "weekly-full", "nightly", "web-1-boots", "ops-mail", "chat",
                        "pager", "weekly").contains(key))
                .forEach(key -> assertThat(reference.contains("`" + key + "`") || reference.contains("." + key + "`"))
                        .as("reference row for " + key).isTrue());
    }
}
