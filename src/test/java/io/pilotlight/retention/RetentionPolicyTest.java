package io.pilotlight.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code --keep-*} options: parsing, validation with exact messages, description. */
class RetentionPolicyTest {
    private static final ZoneId UTC = ZoneId.of("UTC");

    @Test
    void parsesEveryOption() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("--keep-within-yearly", "10y");
        options.put("--keep-last", "3");
        options.put("--keep-hourly", "24");
        options.put("--keep-daily", "7");
        options.put("--keep-weekly", "unlimited");
        options.put("--keep-monthly", "-1");
        options.put("--keep-yearly", "2");
        options.put("--keep-within", "2d");
        options.put("--keep-within-hourly", "36h");
        options.put("--keep-within-daily", "2w");
        options.put("--keep-within-weekly", "3mo");
        options.put("--keep-within-monthly", "1y6mo");
        RetentionPolicy policy = RetentionPolicy.parse(options);
        assertThat(policy.last()).isEqualTo(3);
        assertThat(policy.counts()).containsEntry(Bucket.WEEKLY, RetentionPolicy.UNLIMITED)
                .containsEntry(Bucket.MONTHLY, RetentionPolicy.UNLIMITED).containsEntry(Bucket.DAILY, 7);
        assertThat(policy.within()).contains(new Window(0, 0, 0, 2, 0, 0));
        assertThat(policy.windows()).containsEntry(Bucket.MONTHLY, new Window(1, 6, 0, 0, 0, 0));
        assertThat(policy.describe(ZoneId.of("Europe/Berlin"))).isEqualTo("last 3, hourly 24, daily 7, weekly unlimited,"
                + " monthly unlimited, yearly 2, within 2d, within-hourly 36h, within-daily 2w, within-weekly 3mo,"
                + " within-monthly 1y6mo, within-yearly 10y (zone Europe/Berlin)");
    }

    @Test
    void describesTheRulesGivenAndTheZone() {
        RetentionPolicy policy = RetentionPolicy.EMPTY.with("--keep-within", "2d").with("--keep-daily", "7")
                .with("--keep-last", "3");
        assertThat(policy.describe(UTC)).isEqualTo("last 3, daily 7, within 2d (zone UTC)");
        assertThat(RetentionPolicy.EMPTY.describe(UTC)).isEqualTo("no rule (zone UTC)");
    }

    @Test
    void isEmptyOnlyWithoutAnyRule() {
        assertThat(RetentionPolicy.EMPTY.isEmpty()).isTrue();
        assertThat(RetentionPolicy.parse(Map.of()).isEmpty()).isTrue();
        for (String option : RetentionPolicy.options()) {
            String value = option.startsWith("--keep-within") ? "1d" : "1";
            assertThat(RetentionPolicy.EMPTY.with(option, value).isEmpty()).as(option).isFalse();
        }
    }

    @Test
    void anOptionGivenAgainReplacesTheFormerValue() {
        assertThat(RetentionPolicy.EMPTY.with("--keep-daily", "7").with("--keep-daily", "3").counts())
                .containsExactly(Map.entry(Bucket.DAILY, 3));
    }

    @Test
    void thePolicyIsImmutable() {
        Map<Bucket, Integer> counts = new LinkedHashMap<>(Map.of(Bucket.DAILY, 7));
        RetentionPolicy policy = new RetentionPolicy(0, counts, Optional.empty(), Map.of());
        counts.put(Bucket.HOURLY, 1);
        assertThat(policy.counts()).containsOnlyKeys(Bucket.DAILY);
        assertThatThrownBy(() -> policy.counts().put(Bucket.YEARLY, 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--keep-daily   | 0         | --keep-daily must be >= 1 or unlimited, got '0'",
        "--keep-last    | 0         | --keep-last must be >= 1 or unlimited, got '0'",
        "--keep-hourly  | -2        | --keep-hourly must be >= 1 or unlimited, got '-2'",
        "--keep-weekly  | seven     | --keep-weekly must be >= 1 or unlimited, got 'seven'",
        "--keep-monthly | 1.5       | --keep-monthly must be >= 1 or unlimited, got '1.5'",
        "--keep-yearly  | 99999999999 | --keep-yearly must be >= 1 or unlimited, got '99999999999'",
        "--keep-yearly  | ''        | --keep-yearly must be >= 1 or unlimited, got ''",
        "--keep-within  | 30m       | --keep-within '30m': unit 'm' is ambiguous; write 'min' for minutes or 'mo' for months",
        "--keep-within-daily | 7    | --keep-within-daily '7': expected numbers with units, largest first, such as 36h, 7d, 2w or 1y6mo (units y, mo, w, d, h, min)",
        "--keep-within  | 0d        | --keep-within '0d': must be longer than zero",
        "--keep-within  | 7s        | --keep-within '7s': unknown unit 's'; valid units are y, mo, w, d, h, min",
        "--keep-within  | 2d1y      | --keep-within '2d1y': units must go from largest to smallest, each at most once (y, mo, w, d, h, min)",
        "--keep-within  | 1d1d      | --keep-within '1d1d': units must go from largest to smallest, each at most once (y, mo, w, d, h, min)",
        "--keep-within  | ''        | --keep-within: expected a duration such as 36h, 7d, 2w or 1y6mo, got nothing",
        "--keep-within  | 2000000d  | --keep-within '2000000d': 2000000 is too large (at most 1000000)",
        "--keep-within  | 7 d       | --keep-within '7 d': expected numbers with units, largest first, such as 36h, 7d, 2w or 1y6mo (units y, mo, w, d, h, min)",
        "--keep-within  | -7d       | --keep-within '-7d': expected numbers with units, largest first, such as 36h, 7d, 2w or 1y6mo (units y, mo, w, d, h, min)",
        "--keep-within  | 7D        | --keep-within '7D': expected numbers with units, largest first, such as 36h, 7d, 2w or 1y6mo (units y, mo, w, d, h, min)",
    })
    void invalidValuesAreRefusedNamingTheOptionAndTheRule(String option, String value, String message) {
        assertThatThrownBy(() -> RetentionPolicy.EMPTY.with(option, value))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void anUnknownOptionListsTheValidOnes() {
        assertThatThrownBy(() -> RetentionPolicy.EMPTY.with("--keep-minutely", "5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown retention option '--keep-minutely'; valid options are --keep-last, --keep-hourly,"
                        + " --keep-daily, --keep-weekly, --keep-monthly, --keep-yearly, --keep-within,"
                        + " --keep-within-hourly, --keep-within-daily, --keep-within-weekly, --keep-within-monthly,"
                        + " --keep-within-yearly");
    }

    @Test
    void theConstructorRefusesCountsOutOfRange() {
        assertThatThrownBy(() -> new RetentionPolicy(-2, Map.of(), Optional.empty(), Map.of()))
                .hasMessage("--keep-last must be >= 1 or unlimited, got -2");
        assertThatThrownBy(() -> new RetentionPolicy(0, Map.of(Bucket.DAILY, 0), Optional.empty(), Map.of()))
                .hasMessage("--keep-daily must be >= 1 or unlimited, got 0");
        assertThatThrownBy(() -> new RetentionPolicy(0, Map.of(Bucket.YEARLY, -5), Optional.empty(), Map.of()))
                .hasMessage("--keep-yearly must be >= 1 or unlimited, got -5");
    }
}
