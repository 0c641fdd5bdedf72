package io.pilotlight.cli;

import io.pilotlight.crypto.CryptoProviders;
import java.util.Arrays;

/** Entry point: builds the command line, runs it, exits with its code (see {@link ExitCodes}). */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (Arrays.asList(args).contains("-v") || Arrays.asList(args).contains("--verbose")) {
            // Before the first logger exists: simplelogger.properties logs warnings only.
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        }
        try {
            CryptoProviders.install(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("pilotlight: " + e.getMessage());
            System.exit(ExitCodes.USAGE);
        }
        CommandSignals signals = CommandSignals.install(Thread.currentThread(), System.err);
        int code = PilotlightCommand.commandLine(System.getenv(), System.console() != null, args).execute(args);
        if (signals.received().isPresent()) {
            // whatever the interrupted command failed with, a signal stopped it
            System.err.println("pilotlight: stopped by " + signals.received().get());
            code = ExitCodes.INTERRUPTED;
        }
        System.exit(code);
    }
}
