package io.pilotlight.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Malformed files: each is rejected with FILE:LINE:COLUMN, the key path, the rule and a hint. */
class ConfigErrorsTest {
    private static final String REPOSITORY = """
            repositories:
              main: {location: /srv/p}
            """;

    private static ConfigResult parse(String yaml) {
        return new ConfigParser().parse("p.yaml", yaml);
    }

    /** The formatted problems of {@code yaml}, which must be rejected. */
    private static List<String> errors(String yaml) {
        ConfigResult result = parse(yaml);
        assertThat(result.config()).isEmpty();
        return result.problems().stream().map(ConfigProblem::format).toList();
    }

    @Test
    void unknownKeyNamesTheNearestValidKeyAndAllOfThem() {
        assertThat(errors(REPOSITORY + """
                disks:
                  vm1-sda:
                    source: /dev/sda
                    schedule: every 15m
                    retenton: {keep-daily: 7}
                """)).containsExactly("p.yaml:7:5: error: disks.vm1-sda.retenton: unknown key 'retenton' (did you mean"
                + " 'retention'? valid keys: source, repository, zone, schedule, rpo, retention)");
    }

    @Test
    void unknownTopLevelKeyWithoutANearOneListsTheValidKeys() {
        assertThat(errors(REPOSITORY + "telemetry: {}\n")).containsExactly("p.yaml:3:1: error: telemetry: unknown key"
                + " 'telemetry' (valid keys: zone, repositories, disks, groups, followers, verify, prune, drills,"
                + " cloud-sync, listener, limits,"
                + " alerts, reports)");
    }

    @Test
    void wrongTypeSaysWhatWasExpectedAndWhatWasGiven() {
        assertThat(errors(REPOSITORY + """
                disks:
                  vm1-sda:
                    source: /dev/sda
                    schedule: every 15m
                    rpo: [30m]
                verify:
                  weekly: {schedule: weekly sun 03:00, read-data: yes}
                """)).containsExactly(
                "p.yaml:7:10: error: disks.vm1-sda.rpo: must be a duration such as 15m, 2h or 7d, got a list",
                "p.yaml:9:51: error: verify.weekly.read-data: 'yes' is not a boolean (write true or false)");
    }

    @Test
    void missingRequiredKeyIsReportedAtTheMappingThatLacksIt() {
        assertThat(errors(REPOSITORY + """
                disks:
                  vm1-sda:
                    schedule: every 15m
                """)).containsExactly("p.yaml:5:5: error: disks.vm1-sda.source: missing required key 'source'"
                + " (e.g. source: file:/dev/vg0/vm1-sda)");
        assertThat(errors("disks: {}\n")).containsExactly("p.yaml:1:1: error: repositories: missing required key"
                + " 'repositories' (declare at least one: repositories: {main: {location: /srv/pilotlight}})");
    }

    @Test
    void badDurationShowsTheForms() {
        assertThat(errors(REPOSITORY + """
                disks:
                  vm1-sda:
                    source: /dev/sda
                    schedule: every 15m
                    rpo: 30
                """)).containsExactly("p.yaml:7:10: error: disks.vm1-sda.rpo: bad duration '30' (write a number and a"
                + " unit, largest first: 30s, 15m, 2h, 7d, 1h30m)");
        assertThat(errors(REPOSITORY + """
                prune:
                  nightly: {schedule: daily 04:00, grace: 0h}
                """)).containsExactly("p.yaml:4:43: error: prune.nightly.grace: bad duration '0h': must be longer than"
                + " zero (write a number and a unit, largest first: 30s, 15m, 2h, 7d, 1h30m)");
    }

    @Test
    void badDiskNameShowsTheRule() {
        assertThat(errors(REPOSITORY + """
                disks:
                  VM1_sda:
                    source: /dev/sda
                    schedule: every 15m
                """)).containsExactly("p.yaml:4:3: error: disks.VM1_sda: disk name 'VM1_sda' breaks the naming rule"
                + " (must match [a-z0-9][a-z0-9._-]{0,63}: lower-case letters, digits, '.', '_', '-'; at most 64)");
    }

    @Test
    void duplicateKeyNamesTheLineOfTheFirst() {
        assertThat(errors(REPOSITORY + """
                disks:
                  vm1-sda:
                    source: /dev/sda
                    schedule: every 15m
                    source: /dev/sdb
                """)).containsExactly("p.yaml:7:5: error: disks.vm1-sda.source: duplicate key 'source' (first given on"
                + " line 5; remove one of them)");
    }

    @Test
    void followerNamingAnUnknownDiskListsTheDisks() {
        assertThat(errors(REPOSITORY + """
                disks:
                  vm1-sda: {source: /dev/sda, schedule: every 15m}
                followers:
                  dr:
                    disk: vm1-sdb
                    to: /dr/vm1.img
                """)).containsExactly("p.yaml:7:11: error: followers.dr.disk: unknown disk 'vm1-sdb': no disk of that"
                + " name in this file (did you mean 'vm1-sda'? disks in this file: vm1-sda)");
    }

    @Test
    void diskNamingAnUnknownRepositoryListsTheRepositories() {
        assertThat(errors("""
                repositories:
                  local: {location: /srv/p}
                  offsite: {location: s3://bucket/p}
                disks:
                  vm1-sda: {source: /dev/sda, schedule: every 15m, repository: offsit}
                  vm2-sda: {source: /dev/sdb, schedule: every 15m}
                """)).containsExactly(
                "p.yaml:5:64: error: disks.vm1-sda.repository: unknown repository 'offsit' (repositories in this file:"
                        + " local, offsite)",
                "p.yaml:6:12: error: disks.vm2-sda.repository: missing required key 'repository' (the file has several"
                        + " repositories, name one of: local, offsite)");
    }

    @Test
    void secretGivenInlineIsRefusedWithoutRepeatingIt() {
        List<String> errors = errors("""
                repositories:
                  main:
                    location: s3://bucket/p
                    access-key-id: {env: KEY_ID}
                    secret-access-key: wJalrXUtnFEMI-K7MDENG
                """);
        assertThat(errors).containsExactly("p.yaml:5:24: error: repositories.main.secret-access-key: a secret must not"
                + " be written in the file (got a single value) (give it by reference: {env: VARIABLE} or"
                + " {file: /path/to/file})");
        assertThat(String.join("\n", errors)).doesNotContain("wJalrXUtnFEMI");
    }

    @Test
    void unknownRepositoryKeyListsTheValidOnesWithPassword() {
        assertThat(errors("""
                repositories:
                  main: {location: /srv/p, passwd: none}
                """)).containsExactly("p.yaml:2:28: error: repositories.main.passwd: unknown key 'passwd' (did you mean"
                + " 'password'? valid keys: location, endpoint, region, path-style, access-key-id, secret-access-key,"
                + " password)");
    }

    @Test
    void passwordGivenInlineOrHalfGivenIsRefusedWithoutRepeatingIt() {
        List<String> inline = errors("""
                repositories:
                  main: {location: /srv/p, password: correct-horse-battery}
                """);
        assertThat(inline).containsExactly("p.yaml:2:38: error: repositories.main.password: a passphrase must not be"
                + " written in the file (got a single value) (give it by reference: {env: VARIABLE}, {file:"
                + " /path/to/file} or {command: [program, arg...]}; or none for a plain repository)");
        assertThat(String.join("\n", inline)).doesNotContain("correct-horse");
        assertThat(errors("""
                repositories:
                  main: {location: /srv/p, password: {env: A, file: /b}}
                """)).singleElement().asString().contains("a password has exactly one of 'env', 'file' and 'command'");
        assertThat(errors("""
                repositories:
                  main: {location: /srv/p, password: {command: []}}
                """)).singleElement().asString().contains("a password command is empty");
    }

    @Test
    void nonLoopbackListenerNeedsAToken() {
        assertThat(errors(REPOSITORY + """
                listener:
                  address: 0.0.0.0:9811
                """)).containsExactly("p.yaml:4:12: error: listener.token: missing required key 'token': address"
                + " '0.0.0.0' is not loopback (give token: {env: VARIABLE} or {file: /path}, or listen on 127.0.0.1)");
        assertThat(parse(REPOSITORY + "listener: {address: '[::1]:9900'}\n").config().orElseThrow().listener())
                .isEqualTo(new ListenerConfig("::1", 9900, java.util.Optional.empty()));
    }

    @Test
    void statusPageRefreshIsADurationFromOneSecondToAnHour() {
        assertThat(errors(REPOSITORY + """
                listener:
                  refresh: 2h
                """)).singleElement().asString().startsWith("p.yaml:4:12: error: listener.refresh: refresh 2h is not"
                + " from 1s to 1h");
        assertThat(parse(REPOSITORY + "listener: {refresh: 3s}\n").config().orElseThrow().listener().refresh())
                .isEqualTo(java.time.Duration.ofSeconds(3));
        assertThat(parse(REPOSITORY).config().orElseThrow().listener().refresh()).isEqualTo(ListenerConfig.DEFAULT_REFRESH);
    }

    @Test
    void limitsMustBeWholeNumbersAndPerRepositoryAtMostJobs() {
        assertThat(errors(REPOSITORY + """
                limits:
                  jobs: many
                """)).singleElement().asString().startsWith("p.yaml:4:9: error: limits.jobs: 'many' is not a whole"
                + " number from 1 to 64");
        assertThat(errors(REPOSITORY + """
                limits:
                  jobs: 2
                  per-repository: 3
                """)).containsExactly("p.yaml:5:19: error: limits.per-repository: per-repository 3 is more than"
                + " jobs 2 (per-repository can be at most jobs)");
        assertThat(errors(REPOSITORY + "limits: {jobs: 4, per-repo: 2}\n")).singleElement().asString()
                .contains("limits.per-repo").contains("per-repository");
        assertThat(parse(REPOSITORY + "limits: {jobs: 8, per-repository: 4}\n").config().orElseThrow().limits())
                .isEqualTo(new Limits(8, 4));
        assertThat(parse(REPOSITORY).config().orElseThrow().limits()).isEqualTo(Limits.DEFAULT);
    }

    @Test
    void badRetentionCountAndWindow() {
        assertThat(errors(REPOSITORY + """
                disks:
                  vm1-sda:
                    source: /dev/sda
                    schedule: every 15m
                    retention:
                      keep-daily: 0
                      keep-within: 30m
                """)).containsExactly(
                "p.yaml:8:19: error: disks.vm1-sda.retention.keep-daily: keep-daily must be >= 1 or unlimited, got '0'"
                        + " (a count >= 1, or unlimited)",
                "p.yaml:9:20: error: disks.vm1-sda.retention.keep-within: " + windowMessage("30m")
                        + " (a window such as 36h, 7d, 2w, 1y6mo (minutes: min))");
    }

    private static String windowMessage(String text) {
        try {
            io.pilotlight.retention.Window.parse("--keep-within", text);
            throw new AssertionError(text + " parsed");
        } catch (IllegalArgumentException e) {
            return e.getMessage().replace("--keep-", "keep-");
        }
    }

    @Test
    void badZoneSuggestsTheForm() {
        assertThat(errors(REPOSITORY + """
                zone: Europe/Berlln
                """)).containsExactly("p.yaml:3:7: error: zone: unknown time zone 'Europe/Berlln' (use a region id such"
                + " as Europe/Berlin or America/New_York, or UTC)");
    }

    @Test
    void badVerifyModeSuggestsTheNearestMode() {
        assertThat(errors(REPOSITORY + """
                disks:
                  vm1-sda: {source: /dev/sda, schedule: every 15m}
                followers:
                  dr: {disk: vm1-sda, to: /dr/vm1.img, verify: sample}
                """)).containsExactly("p.yaml:6:48: error: followers.dr.verify: verify mode 'sample' is not one of always,"
                + " sampled, off (did you mean 'sampled'?)");
    }

    @Test
    void yamlSyntaxErrorHasItsPosition() {
        assertThat(errors(REPOSITORY + """
                disks:
                  vm1-sda: {source: /dev/sda, schedule: every 15m
                zone: UTC
                """)).containsExactly("p.yaml:5:5: error: YAML syntax: expected ',' or '}', but got :"
                + " (while parsing a flow mapping)");
    }

    @Test
    void badScheduleAndSourceAndShapes() {
        assertThat(errors(REPOSITORY + """
                disks:
                  vm1-sda: {source: 'vsphere://u@vc/vm1', schedule: evry 15m}
                  vm2-sda: {source: /dev/sdb, schedule: daily 2am}
                groups:
                  g1: {members: {sda: /dev/sda}, source: 'vsphere://u@vc/vm', schedule: daily 02:00}
                """)).containsExactly(
                "p.yaml:4:21: error: disks.vm1-sda.source: a vsphere:// source is a group of disks, not one disk"
                        + " (declare it under groups with source: vsphere://u@vc/vm1)",
                "p.yaml:4:53: error: disks.vm1-sda.schedule: schedule 'evry 15m' does not start with one of every, daily,"
                        + " weekly, hourly, cron (did you mean 'every'? forms: every 15m [jitter 1m], daily 02:00, weekly"
                        + " mon 02:00, hourly :15, cron \"0 */4 * * *\")",
                "p.yaml:5:41: error: disks.vm2-sda.schedule: schedule 'daily 2am' is not a valid 'daily' schedule"
                        + " (forms: every 15m [jitter 1m], daily 02:00, weekly mon 02:00, hourly :15, cron \"0 */4 * * *\")",
                "p.yaml:7:7: error: groups.g1: a group needs exactly one of 'members' and 'source' (members: {NAME: URI,"
                        + " ...} for disks you list, source: vsphere://USER@HOST/VM for a VM or libvirt:///system/DOMAIN"
                        + " for a libvirt domain)");
    }

    @Test
    void malformedLibvirtGroupSources() {
        assertThat(errors(REPOSITORY + """
                disks:
                  web1-vda: {source: 'libvirt:///system/web1', schedule: every 15m}
                groups:
                  g1: {source: 'libvirt:///system/', schedule: every 15m}
                  g2: {source: 'libvirt:///system/web2?scrach=/tmp', schedule: every 15m}
                  g3: {source: 'libvirt:///system/web3?scratch=tmp', schedule: every 15m}
                  g4: {source: 'libvirt:///system/web4', vsphere: {quiesce: true}, schedule: every 15m}
                  g5: {source: 'libvirt:///system/web5', schedule: every 15m}
                """)).containsExactly(
                "p.yaml:4:22: error: disks.web1-vda.source: a libvirt:// source is a group of disks, not one disk"
                        + " (declare it under groups with source: libvirt:///system/web1)",
                "p.yaml:6:16: error: groups.g1.source: source 'libvirt:///system/': no domain after the last '/';"
                        + " e.g. libvirt:///system/web1 (libvirt://[URI]/DOMAIN[?scratch=DIR], see docs/sources.md)",
                "p.yaml:7:16: error: groups.g2.source: source 'libvirt:///system/web2?scrach=/tmp': unknown parameter"
                        + " 'scrach=/tmp'; valid: scratch=DIR (libvirt://[URI]/DOMAIN[?scratch=DIR], see docs/sources.md)",
                "p.yaml:8:16: error: groups.g3.source: source 'libvirt:///system/web3?scratch=tmp': scratch directory"
                        + " 'tmp' must be absolute (libvirt://[URI]/DOMAIN[?scratch=DIR], see docs/sources.md)",
                "p.yaml:9:51: error: groups.g4.vsphere: vsphere options need source: vsphere://USER@HOST/VM (a"
                        + " libvirt:// source takes no options)");
    }

    @Test
    void rpoShorterThanTheScheduleIntervalIsAWarningOnly() {
        ConfigResult result = parse(REPOSITORY + """
                disks:
                  vm1-sda: {source: /dev/sda, schedule: every 1h, rpo: 30m}
                """);
        assertThat(result.config()).isPresent();
        assertThat(result.problems()).map(ConfigProblem::format).containsExactly("p.yaml:4:56: warning:"
                + " disks.vm1-sda.rpo: rpo 30m is shorter than the schedule interval 1h: it will be missed between runs"
                + " (make rpo at least the schedule interval)");
    }

    @Test
    void emptyFileAndNonMappingFile() {
        assertThat(errors("")).containsExactly("p.yaml:1:1: error: the file holds no configuration (start from the"
                + " example in docs/configuration.md)");
        assertThat(errors("- a\n- b\n")).containsExactly("p.yaml:1:1: error: must be a mapping (KEY: VALUE lines"
                + " indented below it), got a list (the file is a mapping of top-level keys: zone, repositories,"
                + " disks, ...)");
    }

    @Test
    void everyErrorOfAFileIsReportedInOnePassInFileOrder() {
        List<String> errors = errors("""
                zone: Mars/Olympus
                repositories:
                  main: {location: srv/p}
                disks:
                  vm1-sda:
                    source: /dev/sda
                    schedule: every 15m
                    rpo: soon
                    retention: {keep-daily: none}
                  Bad: {source: /dev/sdb, schedule: hourly :15}
                followers:
                  dr: {disk: vm3-sda, to: relative.img, verify: never}
                listener: {address: 10.0.0.1:9811, tokn: {env: T}}
                """);
        assertThat(errors).extracting(line -> line.substring(0, line.indexOf(": error: ") + ": error: ".length())
                + line.substring(line.indexOf(": error: ") + ": error: ".length()).split(":")[0]).containsExactly(
                "p.yaml:1:7: error: zone",
                "p.yaml:3:20: error: repositories.main.location",
                "p.yaml:8:10: error: disks.vm1-sda.rpo",
                "p.yaml:9:29: error: disks.vm1-sda.retention.keep-daily",
                "p.yaml:10:3: error: disks.Bad",
                "p.yaml:12:14: error: followers.dr.disk",
                "p.yaml:12:27: error: followers.dr.to",
                "p.yaml:12:49: error: followers.dr.verify",
                "p.yaml:13:21: error: listener.token",
                "p.yaml:13:36: error: listener.tokn");
    }

    @Test
    void emptyRepositoriesAreAnError() {
        String hint = " (declare at least one: repositories: {main: {location: /srv/pilotlight}})";
        assertThat(errors("repositories:\nzone: UTC\n")).containsExactly(
                "p.yaml:1:14: error: repositories: repositories is empty" + hint);
        assertThat(errors("repositories: {}\n")).containsExactly(
                "p.yaml:1:15: error: repositories: repositories is empty" + hint);
    }

    @Test
    void anchorsAndAliasesRepeatAValue() {
        PilotlightConfig config = parse(REPOSITORY + """
                disks:
                  vm1-sda: {source: /dev/sda, schedule: &nightly daily 02:00, retention: &keep {keep-daily: 7}}
                  vm2-sda: {source: /dev/sdb, schedule: *nightly, retention: *keep}
                """).config().orElseThrow();
        assertThat(config.disks().get("vm2-sda").protection()).isEqualTo(config.disks().get("vm1-sda").protection());
    }

    @Test
    void groupMembersAsAListOfNameEqualsUriAndFollowedAsGroupDashMember() {
        PilotlightConfig config = parse(REPOSITORY + """
                groups:
                  db1: {members: [os=/dev/db1-os, data=file:/dev/db1-data], schedule: daily 02:00}
                followers:
                  dr: {disk: db1-data, to: /dr/db1-data.img}
                """).config().orElseThrow();
        assertThat(config.groups().get("db1").members()).containsExactly(java.util.Map.entry("os", "/dev/db1-os"),
                java.util.Map.entry("data", "file:/dev/db1-data"));
        assertThat(config.groups().get("db1").diskNames()).containsExactly("db1-os", "db1-data");
        assertThat(errors(REPOSITORY + """
                groups:
                  db1: {members: [os=/dev/db1-os, data], schedule: daily 02:00}
                followers:
                  dr: {disk: data, to: /dr/db1-data.img}
                """)).containsExactly(
                "p.yaml:4:35: error: groups.db1.members: member 'data' is not NAME=URI (e.g. sda=file:/dev/vg0/web-sda)",
                "p.yaml:6:14: error: followers.dr.disk: unknown disk 'data': no disk of that name in this file"
                        + " (declare it under disks)");
    }

    @Test
    void aDrillWithAnUnknownKeyAndABadPortIsRejectedAtEach() {
        assertThat(errors(REPOSITORY + """
                disks:
                  vm1: {source: /dev/sda, schedule: every 1h}
                drills:
                  boots:
                    disk: vm1
                    schedule: daily 05:00
                    ports: [22, "70000=SSH"]
                    hartbeat: "login:"
                """)).containsExactly(
                "p.yaml:9:17: error: drills.boots.ports: port '70000' is not a TCP port from 1 to 65535 (e.g. 22 or"
                        + " 8080=HTTP)",
                "p.yaml:10:5: error: drills.boots.hartbeat: unknown key 'hartbeat' (did you mean 'heartbeat'? valid keys:"
                        + " disk, group, repository, zone, schedule, heartbeat, ports, check-timeout, timeout, memory,"
                        + " accelerator, work-directory)");
    }

    @Test
    void aDrillOfAnUnknownGroupWithABadRegexAndAcceleratorIsRejected() {
        assertThat(errors(REPOSITORY + """
                groups:
                  web: {members: {sda: /dev/sda}, schedule: daily 02:00}
                drills:
                  boots: {group: wbe, schedule: daily 05:00, heartbeat: "login:(", accelerator: kvmm}
                """)).containsExactly(
                "p.yaml:6:18: error: drills.boots.group: unknown group 'wbe': no group of that name in this file (did"
                        + " you mean 'web'? groups in this file: web)",
                "p.yaml:6:57: error: drills.boots.heartbeat: heartbeat: 'login:(' is not a regular expression: Unclosed"
                        + " group (Java regex syntax; quote the value in YAML and double its backslashes)",
                "p.yaml:6:81: error: drills.boots.accelerator: 'kvmm' is not one of auto, kvm, tcg (did you mean 'kvm'?)");
    }

    @Test
    void aDrillNeedsADiskOrAGroupAndATimeoutNoShorterThanItsChecks() {
        assertThat(errors(REPOSITORY + """
                drills:
                  boots: {schedule: daily 05:00}
                """)).containsExactly("p.yaml:4:10: error: drills.boots: a drill needs exactly one of 'disk' and 'group'"
                + " (disk: NAME boots one disk, group: NAME boots a group as one VM)");
        assertThat(errors(REPOSITORY + """
                disks:
                  vm1: {source: /dev/sda, schedule: every 1h}
                drills:
                  boots: {disk: vm1, schedule: daily 05:00, check-timeout: 5m, timeout: 2m, memory: 32M}
                """)).containsExactly(
                "p.yaml:6:10: error: drills.boots: drill 'boots': timeout 2m is shorter than check-timeout 5m (the"
                        + " timeout bounds the whole drill, boot to power-off: make it at least the check timeout)",
                "p.yaml:6:85: error: drills.boots.memory: memory 32M is below the 64M a guest needs (e.g. 256M)");
    }

    @Test
    void aNameUsedByTwoJobSectionsIsAnError() {
        assertThat(errors(REPOSITORY + """
                disks:
                  vm1: {source: /dev/sda, schedule: every 1h}
                followers:
                  vm1: {disk: vm1, to: /dr/vm1.img}
                """)).containsExactly("p.yaml:6:3: error: followers.vm1: name 'vm1' is already used by disks.vm1"
                + " (disks, groups, followers, verify, prune, drills, cloud-sync and reports share one namespace of job names"
                + " in the daemon: rename one)");
    }

    @Test
    void aCloudSyncNeedsADiskOrAGroupARegionAndSecretsByReference() {
        assertThat(errors(REPOSITORY + """
                cloud-sync:
                  web-ebs: {schedule: every 5m}
                """)).containsExactly("p.yaml:4:12: error: cloud-sync.web-ebs: a cloud sync needs exactly one of"
                + " 'disk' and 'group' (disk: NAME syncs one disk, group: NAME every disk of a group)",
                "p.yaml:4:12: error: cloud-sync.web-ebs.region: missing required key 'region' (e.g. region: eu-west-1)");
        assertThat(errors(REPOSITORY + """
                disks:
                  web: {source: /dev/sda, schedule: every 1h}
                cloud-sync:
                  web-ebs:
                    disk: wbe
                    schedule: every 5m
                    region: eu-west
                    endpoint: ftp://ebs.example.com
                    access-key-id: AKIAEXAMPLE
                    secret-access-key: {env: AWS_SECRET}
                    parallel: 100
                    encrypt: true
                """)).containsExactly(
                "p.yaml:7:11: error: cloud-sync.web-ebs.disk: unknown disk 'wbe': no disk of that name in this file"
                        + " (did you mean 'web'? disks in this file: web)",
                "p.yaml:9:13: error: cloud-sync.web-ebs.region: region 'eu-west' is not an AWS region name (e.g."
                        + " eu-west-1 or us-east-2)",
                "p.yaml:10:15: error: cloud-sync.web-ebs.endpoint: endpoint 'ftp://ebs.example.com' is not an http(s)"
                        + " URL (e.g. https://s3.example.com)",
                "p.yaml:11:20: error: cloud-sync.web-ebs.access-key-id: a secret must not be written in the file (got a"
                        + " single value) (give it by reference: {env: VARIABLE} or {file: /path/to/file})",
                "p.yaml:13:15: error: cloud-sync.web-ebs.parallel: parallel '100' is not a whole number from 1 to 64"
                        + " (PutSnapshotBlock requests in flight; default 16)",
                "p.yaml:14:5: error: cloud-sync.web-ebs.encrypt: unknown key 'encrypt' (did you mean 'encrypted'? valid"
                        + " keys: disk, group, repository, zone, schedule, region, endpoint, access-key-id,"
                        + " secret-access-key, encrypted, kms-key, parallel)");
        assertThat(errors(REPOSITORY + """
                groups:
                  web: {members: {sda: /dev/sda}, schedule: every 1h}
                cloud-sync:
                  web: {group: web, schedule: every 5m, region: eu-west-1, kms-key: arn:aws:kms:k}
                """)).containsExactly("p.yaml:6:3: error: cloud-sync.web: name 'web' is already used by groups.web (disks,"
                + " groups, followers, verify, prune, drills, cloud-sync and reports share one namespace of job names in the"
                + " daemon: rename one)",
                "p.yaml:6:8: error: cloud-sync.web: cloud sync 'web': kms-key needs encrypted: true (a KMS key"
                + " encrypts a new chain; add encrypted: true or remove kms-key)");
    }
}
