package io.pilotlight.cli.config;

/** A value that breaks a rule: the rule as the message, and a hint how to fix it. */
final class InvalidValue extends IllegalArgumentException {
    private final String hint;

    InvalidValue(String message, String hint) {
        super(message);
        this.hint = hint;
    }

    String hint() {
        return hint;
    }
}
