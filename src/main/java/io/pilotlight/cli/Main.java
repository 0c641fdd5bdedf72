package io.pilotlight.cli;

/** Entry point: builds the command line, runs it, exits with its code (see {@link ExitCodes}). */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code = PilotlightCommand.commandLine(System.getenv(), System.console() != null).execute(args);
        System.exit(code);
    }
}
