package io.pilotlight.cli.planted;

/**
 * A planted violation for ArchitectureTest: a cli class that sleeps and adds a shutdown hook.
 * Never run; imported only by the test that shows the rules fail on it.
 */
public final class SleepingCommand {
    private SleepingCommand() {}

    static void waitABit() throws InterruptedException {
        Thread.sleep(10, 500);
    }

    static void holdOnAtExit() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {}));
    }
}
