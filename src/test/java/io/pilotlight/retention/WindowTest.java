package io.pilotlight.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Windows: their text, and how far back they reach on a zone's calendar. */
class WindowTest {
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @ParameterizedTest
    @CsvSource({"30min, 0, 0, 0, 0, 0, 30", "36h, 0, 0, 0, 0, 36, 0", "7d, 0, 0, 0, 7, 0, 0", "2w, 0, 0, 2, 0, 0, 0",
        "1y, 1, 0, 0, 0, 0, 0", "6mo, 0, 6, 0, 0, 0, 0", "1y2mo3w4d5h6min, 1, 2, 3, 4, 5, 6", "1d12h, 0, 0, 0, 1, 12, 0",
        "0y7d, 0, 0, 0, 7, 0, 0"})
    void parsesNumbersWithUnitsLargestFirst(String text, int years, int months, int weeks, int days, int hours, int minutes) {
        assertThat(Window.parse("--keep-within", text)).isEqualTo(new Window(years, months, weeks, days, hours, minutes));
    }

    @ParameterizedTest
    @CsvSource({"30min", "36h", "7d", "2w", "1y", "1y2mo3w4d5h6min", "1000000d"})
    void theTextParsesBackToTheSameWindow(String text) {
        assertThat(Window.parse("--keep-within", text)).hasToString(text);
    }

    @ParameterizedTest
    @CsvSource({
        // newest,               window, zone,          start
        "2026-12-08T12:00:00Z,   7d,     UTC,           2026-12-01T12:00:00Z",
        "2026-12-15T12:00:00Z,   2w,     UTC,           2026-12-01T12:00:00Z",
        "2026-12-01T12:00:00Z,   36h,    UTC,           2026-11-30T00:00:00Z",
        "2026-12-01T12:00:00Z,   90min,  UTC,           2026-12-01T10:30:00Z",
        "2026-03-31T12:00:00Z,   1mo,    UTC,           2026-02-28T12:00:00Z",
        "2028-03-01T00:00:00Z,   1y,     UTC,           2027-03-01T00:00:00Z",
        "2029-03-01T00:00:00Z,   1y,     UTC,           2028-03-01T00:00:00Z",
        "2028-02-29T00:00:00Z,   1y,     UTC,           2027-02-28T00:00:00Z",
        "2026-12-01T12:00:00Z,   1d1h,   UTC,           2026-11-30T11:00:00Z",
        // clocks go forward in Berlin on 29 March 2026 (23-hour day) and back on 25 October (25-hour day)
        "2026-03-29T10:00:00Z,   1d,     Europe/Berlin, 2026-03-28T11:00:00Z",
        "2026-10-25T12:00:00Z,   1d,     Europe/Berlin, 2026-10-24T11:00:00Z",
        "2026-10-25T12:00:00Z,   24h,    Europe/Berlin, 2026-10-24T12:00:00Z",
    })
    void startsCalendarTimeBackOnTheZonesCalendarAndHoursExactly(String newest, String window, String zone, String start) {
        assertThat(Window.parse("--keep-within", window).start(Instant.parse(newest), ZoneId.of(zone)))
                .isEqualTo(Instant.parse(start));
    }

    @Test
    void aWindowReachingBeforeTimeStartsAtTheBeginning() {
        Window huge = new Window(Window.MAX_NUMBER, 0, 0, 0, 0, 0);
        assertThat(huge.start(Instant.parse("2026-12-01T00:00:00Z"), BERLIN)).isBefore(Instant.parse("0000-01-01T00:00:00Z"));
        assertThat(huge.start(Instant.MIN, UTC)).isEqualTo(Instant.MIN);
    }

    @Test
    void theConstructorRefusesNegativeZeroAndHugeWindows() {
        assertThatThrownBy(() -> new Window(0, 0, 0, 0, 0, 0)).hasMessage("window: must be longer than zero");
        assertThatThrownBy(() -> new Window(0, 0, 0, -1, 0, 0))
                .hasMessage("window: -1d is out of range: each number must be between 0 and 1000000");
        assertThatThrownBy(() -> new Window(0, 0, 0, 0, 0, 1_000_001))
                .hasMessage("window: 1000001min is out of range: each number must be between 0 and 1000000");
    }
}
