package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.daemon.DaemonPlan;
import io.pilotlight.daemon.JobPlan;
import io.pilotlight.daemon.RunJournal;
import io.pilotlight.daemon.RunRecord;
import io.pilotlight.repo.Repository;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.testing.FakeTime;
import io.pilotlight.testing.TestImages;
import io.pilotlight.testing.ebs.FakeAws;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code cloud-sync} entry of a config file planned by {@link DaemonPlanner} and run by a real
 * daemon on fake time against the fake EC2 + EBS endpoint, with the credentials the file references.
 */
@Timeout(300)
class DaemonPlannerCloudSyncTest {
    @TempDir
    Path dir;

    private FakeAws fake;
    private final FakeTime time = new FakeTime(DaemonPlannerJobsTest.START);

    @BeforeEach
    void start() throws IOException {
        fake = FakeAws.start(dir.resolve("fake"));
        Repository.init(new DirectoryObjectStore(dir.resolve("repo")), Repository.DEFAULT_GRAIN_SIZE);
        TestImages.create(dir.resolve("a.img"), 4 * TestImages.MIB, 8, 3, new Random(3));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private String config() throws IOException {
        Path secret = Files.writeString(dir.resolve("aws-secret"), FakeAws.SECRET_KEY + "\n");
        return """
                repositories:
                  main: {location: %s}
                disks:
                  a: {source: "file:%s", schedule: every 15m}
                cloud-sync:
                  a-ebs:
                    disk: a
                    schedule: every 5m
                    region: eu-west-1
                    endpoint: %s
                    access-key-id: {env: PL_AWS_KEY_ID}
                    secret-access-key: {file: %s}
                    parallel: 4
                """.formatted(dir.resolve("repo"), dir.resolve("a.img"), fake.endpoint(), secret);
    }

    private List<RunRecord> runs(String job) throws IOException {
        return new RunJournal(dir.resolve("state")).read().stream().filter(run -> run.job().equals(job)).toList();
    }

    @Test
    void theConfiguredJobSyncsThePointWithTheReferencedCredentials() throws Exception {
        DaemonPlan plan = DaemonPlannerJobsTest.plan(config(), Map.of("PL_AWS_KEY_ID", FakeAws.ACCESS_KEY),
                new StringWriter());
        JobPlan.CloudSync job = (JobPlan.CloudSync) plan.jobs().get(1);
        assertThat(job.resourceKeys()).containsExactly("cloud:a-ebs");
        assertThat(job.options().parallel()).isEqualTo(4);
        DaemonPlannerJobsTest.run(plan, time, dir.resolve("state"), DaemonPlannerJobsTest.START.plus(
                Duration.ofMinutes(6)));

        assertThat(fake.snapshots()).hasSize(1);
        assertThat(runs("a-ebs")).last().satisfies(run -> {
            assertThat(run.succeeded()).as(run.reason()).isTrue();
            assertThat(run.reason()).startsWith("synced 1 point, ");
        });
    }

    @Test
    void anUnsetCredentialFailsTheRunNamingTheReference() throws Exception {
        DaemonPlan plan = DaemonPlannerJobsTest.plan(config(), Map.of(), new StringWriter());
        DaemonPlannerJobsTest.run(plan, time, dir.resolve("state"), DaemonPlannerJobsTest.START.plus(
                Duration.ofMinutes(6)));

        assertThat(fake.snapshots()).isEmpty();
        assertThat(runs("a-ebs")).filteredOn(run -> !run.succeeded()).first().satisfies(run -> assertThat(
                run.reason()).isEqualTo("cloud-sync a-ebs failed: cloud sync a-ebs: access-key-id {env: PL_AWS_KEY_ID}"
                + " is not set"));
    }
}
