package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cloud commands' usage errors, before anything talks to AWS or opens a repository. */
class CloudCommandLineTest {
    @Test
    void cloudAloneNamesItsCommands() {
        CliRun run = CliRun.run("cloud");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no cloud command given (sync, failover, cleanup)");
    }

    @Test
    void aRegionIsNeededAndMustLookLikeOne() {
        CliRun none = CliRun.run(Map.of(), "cloud", "sync", "--repo", "/nonexistent", "--disk", "d1");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("no AWS region: give --region or set AWS_REGION");
        CliRun bogus = CliRun.run(Map.of(), "cloud", "cleanup", "--region", "moon");
        assertThat(bogus.exitCode()).isEqualTo(2);
        assertThat(bogus.err()).contains("--region 'moon' is not an AWS region name");
    }

    @Test
    void syncOptionsAreChecked() {
        CliRun parallel = CliRun.run(Map.of("AWS_REGION", "eu-west-1"), "cloud", "sync", "--repo", "/nonexistent",
                "--disk", "d1", "--parallel", "0");
        assertThat(parallel.exitCode()).isEqualTo(2);
        assertThat(parallel.err()).contains("--parallel 0 must be 1 to 64");
        CliRun kms = CliRun.run(Map.of("AWS_REGION", "eu-west-1"), "cloud", "sync", "--repo", "/nonexistent",
                "--disk", "d1", "--kms-key", "arn:aws:kms:eu-west-1:1:key/x");
        assertThat(kms.exitCode()).isEqualTo(2);
        assertThat(kms.err()).contains("--kms-key needs --encrypted");
    }
}
