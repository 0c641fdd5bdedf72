package io.pilotlight.schedule;

import static java.util.Objects.requireNonNull;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/** {@code cron "0 *&#47;4 * * *"}: a unix cron expression (five fields) in the zone, through cron-utils. */
public final class Cron implements Schedule {
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final String expression;
    private final ZoneId zone;
    private final ExecutionTime executionTime;

    /** @throws IllegalArgumentException naming the expression and what cron-utils found wrong */
    public Cron(String expression, ZoneId zone) {
        this.expression = requireNonNull(expression, "expression is null").strip();
        this.zone = requireNonNull(zone, "zone is null");
        try {
            this.executionTime = ExecutionTime.forCron(PARSER.parse(this.expression).validate());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cron \"" + expression + "\": expected a unix cron expression of five"
                    + " fields (minute hour day-of-month month day-of-week), e.g. \"0 */4 * * *\": " + e.getMessage(), e);
        }
    }

    public String expression() {
        return expression;
    }

    @Override
    public ZoneId zone() {
        return zone;
    }

    @Override
    public Instant next(Instant after) {
        return executionTime.nextExecution(after.atZone(zone))
                .orElseThrow(() -> new IllegalStateException(this + ": no slot after " + after))
                .toInstant();
    }

    @Override
    public String text() {
        return "cron \"" + expression + "\"";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cron cron && cron.expression.equals(expression) && cron.zone.equals(zone);
    }

    @Override
    public int hashCode() {
        return Objects.hash(expression, zone);
    }

    @Override
    public String toString() {
        return text() + " in " + zone;
    }
}
