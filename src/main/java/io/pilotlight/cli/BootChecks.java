package io.pilotlight.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.drill.DrillResult;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What {@code drill} and {@code failover} report alike about booting a guest: each step as a note on
 * stderr while it runs, and the timed checks (drill's checks, failover's phases) in JSON and text.
 */
final class BootChecks {
    private BootChecks() {}

    /** Each step and warning on stderr as it happens (unless --quiet). */
    static ProgressListener notes(PilotlightCommand top) {
        return new ProgressListener() {
            @Override
            public void phase(String name, long totalBytes) {
                top.note(name);
            }

            @Override
            public void warn(String message) {
                top.note(message);
            }
        };
    }

    /** Appends each check as {@code {name, ok, elapsedMillis, detail}}. */
    static void json(ArrayNode array, List<DrillResult.Check> checks) {
        for (DrillResult.Check check : checks) {
            array.addObject().put("name", check.name()).put("ok", check.ok())
                    .put("elapsedMillis", check.elapsed().toMillis()).put("detail", check.detail());
        }
    }

    /** A check's time: {@code 12.3 s}. */
    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
