package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.restore.Restorer;
import io.pilotlight.repo.Repository;
import io.pilotlight.store.DirectoryObjectStore;
import io.pilotlight.testing.ChildJvm;
import io.pilotlight.testing.LibvirtDomain;
import io.pilotlight.testing.Slow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replicate --group web1 --source libvirt:///system/DOMAIN} on a running domain of a real
 * libvirtd: a full run, a run killed with SIGKILL once its backup job is running, and a run after it
 * that ends the dead run's job, reads only what changed and restores byte-identical.
 */
@Timeout(300)
@Slow
class LibvirtGroupCliTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void aKilledRunLeavesNothingTheNextRunCannotEnd() throws Exception {
        try (LibvirtDomain domain = new LibvirtDomain(dir, 64 * MIB)) {
            String repo = dir.resolve("repo").toString();
            assertThat(CliRun.run("init", "--repo", repo).exitCode()).isZero();
            List<String> args = List.of("replicate", "--repo", repo, "--group", "web1", "--json", "--source",
                    domain.uri());
            domain.write("vda", "write -P 0x11 0 8M");
            JsonNode first = run(args);
            assertThat(first.at("/disks/0/fullPass").asBoolean()).isTrue();
            assertThat(first.at("/disks/0/readBytes").asLong()).isEqualTo(8 * MIB);

            domain.write("vda", "write -P 0x22 32M 2M");
            killOnceTheJobRuns(domain, args);
            assertThat(domain.jobType()).as("the killed run's job").isNotEqualTo("None");

            Path reference = domain.reference("vda", dir.resolve("reference.raw"));
            JsonNode next = run(args);
            assertThat(next.at("/disks/0/fullPass").asBoolean()).isFalse();
            assertThat(next.at("/disks/0/readBytes").asLong()).isEqualTo(2 * MIB);
            assertThat(domain.jobType()).isEqualTo("None");
            assertThat(domain.checkpoints()).containsExactly("pilotlight-3");
            try (Stream<Path> scratch = Files.list(dir.resolve("scratch"))) {
                assertThat(scratch).isEmpty();
            }
            Path restored = dir.resolve("restored.raw");
            new Restorer(Repository.open(new DirectoryObjectStore(Path.of(repo))), ProgressListener.NONE)
                    .restore(next.at("/disks/0/disk").asText(), next.at("/disks/0/id").asText(), restored, false);
            assertThat(Files.mismatch(restored, reference)).isEqualTo(-1);
        }
    }

    private static JsonNode run(List<String> args) throws Exception {
        CliRun run = CliRun.run(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        return new ObjectMapper().readTree(run.out());
    }

    private void killOnceTheJobRuns(LibvirtDomain domain, List<String> args) throws Exception {
        Path log = dir.resolve("killed.log");
        Process child = ChildJvm.start("256m", Main.class, log, args.toArray(String[]::new));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (domain.jobType().equals("None")) {
                assertThat(child.isAlive()).as("the child ended before its backup began; log %s", log).isTrue();
                assertThat(System.nanoTime()).as("no backup job in 60 s").isLessThan(deadline);
                Thread.sleep(20);
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).as("killed, not finished; log %s", Files.readString(log)).isEqualTo(137);
    }
}
