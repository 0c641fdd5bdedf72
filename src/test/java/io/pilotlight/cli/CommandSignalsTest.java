package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A signal that comes after a command's work is done and stands (a restore's final rename) does not
 * make the exit 130: called directly, without installing handlers in the test JVM.
 */
class CommandSignalsTest {
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aSignalAfterCompletionIsNamedAndStopsNothing() {
        CommandSignals signals = new CommandSignals(Thread.currentThread(), err);
        signals.complete();
        signals.received("SIGTERM");

        assertThat(signals.received()).isEmpty();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(err()).isEqualTo("pilotlight: SIGTERM after the command completed its work: its result stands\n");
    }

    @Test
    void aSignalJustBeforeCompletionLeavesTheResultStandingAndNoInterrupt() throws Exception {
        AtomicBoolean go = new AtomicBoolean();
        AtomicBoolean interruptedAfter = new AtomicBoolean(true);
        CommandSignals[] holder = new CommandSignals[1];
        Thread worker = new Thread(() -> {
            while (!go.get()) {
                Thread.onSpinWait(); // past the rename: nothing here waits interruptibly
            }
            holder[0].complete();
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        holder[0] = new CommandSignals(worker, err);
        worker.start();
        holder[0].received("SIGTERM");
        go.set(true);
        worker.join(10_000);

        assertThat(worker.isAlive()).isFalse();
        assertThat(interruptedAfter.get()).as("interrupt cleared by complete()").isFalse();
        assertThat(holder[0].received()).isEmpty();
        assertThat(err()).contains("pilotlight: SIGTERM: stopping").contains("the command had completed its work when"
                + " SIGTERM came; its result stands");
    }

    @Test
    void aSignalBeforeCompletionStillStopsTheCommand() throws Exception {
        Thread worker = new Thread(() -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // unwinds
            }
        });
        worker.start();
        CommandSignals signals = new CommandSignals(worker, err);
        signals.received("SIGINT");
        worker.join(10_000);

        assertThat(worker.isAlive()).isFalse();
        assertThat(signals.received()).contains("SIGINT");
    }
}
