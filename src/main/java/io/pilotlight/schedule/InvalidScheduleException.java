package io.pilotlight.schedule;

import static java.util.Objects.requireNonNull;

/** A schedule's text does not follow the syntax; the message quotes it and says what was expected. */
public final class InvalidScheduleException extends IllegalArgumentException {
    private final String text;

    InvalidScheduleException(String text, String expected) {
        super("schedule \"" + requireNonNull(text, "text is null") + "\": " + expected);
        this.text = text;
    }

    /** The text as given. */
    public String text() {
        return text;
    }
}
