package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineParsingTest {
    @TempDir
    Path temp;

    @Test
    void theSubcommandIsFoundPastGlobalOptionsAndTheirValues() {
        assertThat(PilotlightCommand.named(new String[] {"--repo", "follow", "-q", "points", "--json"})).contains("points");
        assertThat(PilotlightCommand.named(new String[] {"--repo=x", "--uploads", "2", "restore"})).contains("restore");
        assertThat(PilotlightCommand.named(new String[] {"--help"})).isEmpty();
        assertThat(PilotlightCommand.named(new String[] {"--repo", "x", "bogus", "follow"})).isEmpty();
        assertThat(PilotlightCommand.named(new String[] {"--", "follow"})).isEmpty();
    }

    /** Main builds only the named subcommand; its help and the command list stay those of the whole. */
    @Test
    void aCommandLineForOneSubcommandParsesAndHelpsAsTheWholeOne() {
        for (String name : PilotlightCommand.SUBCOMMANDS.keySet()) {
            String[] args = {"--repo", temp.toString(), name, "--help"};
            java.io.StringWriter whole = new java.io.StringWriter();
            java.io.StringWriter one = new java.io.StringWriter();
            picocli.CommandLine all = PilotlightCommand.commandLine(Map.of(), false);
            all.setOut(new java.io.PrintWriter(whole, true));
            picocli.CommandLine pruned = PilotlightCommand.commandLine(Map.of(), false, args);
            pruned.setOut(new java.io.PrintWriter(one, true));
            assertThat(pruned.execute(args)).isEqualTo(all.execute(args)).isZero();
            assertThat(pruned.getSubcommands()).containsOnlyKeys(name);
            assertThat(PilotlightCommand.SUBCOMMANDS.get(name).getAnnotation(picocli.CommandLine.Command.class).name())
                    .isEqualTo(name);
            assertThat(one.toString()).as(name).isEqualTo(whole.toString()).contains("Exit codes");
        }
        CliRun none = CliRun.run("--help");
        assertThat(none.out()).contains("Commands:");
        PilotlightCommand.SUBCOMMANDS.keySet().forEach(name -> assertThat(none.out()).contains("  " + name + " "));
    }

    @Test
    void badDiskNameIsAUsageErrorNamingTheRule() {
        CliRun run = CliRun.run("replicate", "--repo", temp.toString(), "--disk", "VM_1", "--source", "file:/x");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("disk name 'VM_1': must match [a-z0-9][a-z0-9._-]{0,63}");
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void badGrainSizeIsAUsageErrorNamingTheRule() {
        for (String size : new String[] {"3000", "2K", "2M", "96K", "lots"}) {
            CliRun run = CliRun.run("init", "--repo", temp.resolve("r").toString(), "--grain-size", size);

            assertThat(run.exitCode()).as(size).isEqualTo(2);
            assertThat(run.err()).as(size).startsWith("pilotlight: ").doesNotContain("\tat ");
        }
        assertThat(CliRun.run("init", "--repo", temp.toString(), "--grain-size", "3000").err())
                .contains("must be a power of two between 4K and 1M");
        assertThat(temp.resolve("r")).doesNotExist();
    }

    @Test
    void missingRepositoryNamesTheOptionAndTheEnvironmentVariable() {
        CliRun run = CliRun.run("points");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("pilotlight: no repository given: use --repo DIR|s3://bucket/prefix or set PILOTLIGHT_REPO\n");
    }

    @Test
    void repositoryFromTheEnvironmentIsUsed() {
        Path missing = temp.resolve("nothing-here");
        CliRun run = CliRun.run(Map.of("PILOTLIGHT_REPO", missing.toString()), "points");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("no repository at " + missing);
    }

    @Test
    void anUnreachableS3EndpointIsNamedWhereverTheOptionIsGiven() {
        String closed = "http://127.0.0.1:9";
        System.setProperty("aws.accessKeyId", "test-key");
        System.setProperty("aws.secretAccessKey", "test-secret");
        try {
            CliRun before = CliRun.run("--repo", "s3://bucket/prefix", "--s3-endpoint", closed, "points");
            CliRun after = CliRun.run("points", "--repo", "s3://bucket/prefix", "--s3-endpoint", closed);
            CliRun environment = CliRun.run(Map.of("PILOTLIGHT_REPO", "s3://bucket", "AWS_ENDPOINT_URL", closed),
                    "points");
            for (CliRun run : new CliRun[] {before, after, environment}) {
                assertThat(run.exitCode()).as(run.err()).isEqualTo(12);
                assertThat(run.err()).contains("127.0.0.1:9").contains("bucket");
            }
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void aMalformedS3LocationIsAUsageError() {
        CliRun run = CliRun.run("--repo", "s3://Bad_Bucket/x", "points");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Bad_Bucket");
    }

    @Test
    void missingRequiredOptionIsAUsageError() {
        CliRun run = CliRun.run("replicate", "--repo", temp.toString(), "--source", "file:/x");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required argument (specify one of these): (--disk=NAME | --group=NAME)")
                .contains("see 'pilotlight replicate --help'");
    }

    @Test
    void workersMustBePositive() {
        CliRun run = CliRun.run("replicate", "--repo", temp.toString(), "--disk", "vm-1", "--source", "file:/x",
                "--workers", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--workers 0: must be between 1 and 256");
    }

    @Test
    void demoSizesAreChecked() {
        CliRun run = CliRun.run("demo", "--dir", temp.resolve("d").toString(), "--size", "4M", "--data", "3M");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("half the image size");
        assertThat(temp.resolve("d")).doesNotExist();
    }

    @Test
    void noCommandIsAUsageError() {
        CliRun run = CliRun.run();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Usage: pilotlight").contains("pilotlight: no command given");
    }

    @Test
    void helpListsCommandsAndExitCodes() {
        CliRun run = CliRun.run("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("init", "replicate", "points", "restore", "verify", "demo", "PILOTLIGHT_REPO")
                .contains("Exit codes").contains("130").contains("verify found faults");
        assertThat(CliRun.run("restore", "--help").out()).contains("--force").contains("Exit codes");
    }

    @Test
    void versionIsPrinted() {
        CliRun run = CliRun.run("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("pilotlight");
    }
}
