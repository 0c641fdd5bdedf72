package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.recovery.drill.DrillResult.Check;
import io.pilotlight.recovery.failover.FailoverResult;
import io.pilotlight.recovery.failover.FailoverState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@code failover} prints its result: the summary lines and {@code --json}. */
class FailoverFormatTest {
    private static final FailoverResult RESULT = new FailoverResult("web1", "standby", Path.of("/state/web1"), "tcg",
            "asked for", "QEMU pid 42, user networking, forwards :2222 -> 22",
            List.of(new FailoverState.Disk("web1", "web1", "20260101-000000000-aaaa", 1L << 30, "/srv/web1.img",
                    "/state/web1/disk-0.qcow2", null, 0)),
            List.of(new Check("start", true, Duration.ofMillis(600), "QEMU pid 42 under tcg"),
                    new Check("heartbeat", true, Duration.ofMillis(8300), "serial: login:"),
                    new Check("port 22", false, Duration.ofMillis(308300), "no answer on host port 2222 within 300.0 s")));

    @Test
    void theSummaryNamesWhereItRunsThePhasesAndHowToStopIt() {
        assertThat(FailoverCommand.summary(RESULT)).containsExactly(
                "failover web1: running, but a phase FAILED (standby, tcg: asked for)",
                "  where: QEMU pid 42, user networking, forwards :2222 -> 22",
                "  disks: web1 at point 20260101-000000000-aaaa (overlay on /srv/web1.img)",
                "  RTO: start 0.6 s, heartbeat 8.3 s, port 22 FAILED 308.3 s",
                "  port 22: no answer on host port 2222 within 300.0 s",
                "  state: /state/web1 (serial.log, qmp.sock, failover.json)",
                "  stop:  pilotlight failover --stop --state-dir /state/web1");
    }

    @Test
    void jsonHasThePhasesInMillisecondsAndTheDisks() {
        StringWriter out = new StringWriter();
        Json.print(FailoverCommand.json(RESULT), new PrintWriter(out));

        assertThat(out.toString()).contains("\"passed\" : false", "\"stateDirectory\" : \"/state/web1\"",
                "\"overlay\" : \"/state/web1/disk-0.qcow2\"", "\"name\" : \"heartbeat\"", "\"elapsedMillis\" : 8300");
    }
}
