package io.pilotlight.alert;

import java.util.Locale;

/** How bad a condition is, lowest first. */
public enum Severity {
    WARNING, ERROR, CRITICAL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
