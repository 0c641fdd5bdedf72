package io.pilotlight.repo;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of index files (docs/design.md §5): {@code index/<id>} (format 5 and older) and, from
 * format 6, {@code index/t<UTC yyyyMMddHHmmssSSS>-<id>}, where {@code <id>} is the content id of
 * the payload (hex) and the time is when the file was stored. {@code t} sorts after every hex digit,
 * so a listing shows the old names first and the time-named ones in time order: a run can list
 * from a cursor ({@code StartAfter}, §15a). Every index key is built and taken apart here.
 */
final class IndexNames {
    /** How far before the newest time-named file a cursor starts (three times §16.2's skew allowance). */
    static final Duration MARGIN = Duration.ofMinutes(15);
    /**
     * How long a superseded name is carried forward into the files that supersede its replacement
     * (§5): a host whose last look at the index is older than this, less {@link #MARGIN}, lists all.
     */
    static final Duration CARRY = Duration.ofDays(7);

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern TIMED = Pattern.compile("t([0-9]{17})-([0-9a-f]{64})");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS")
            .withZone(ZoneOffset.UTC);

    /** An index file's key taken apart: its time (none for an old, hex name) and its id. */
    record Name(String key, Optional<Instant> time, Hash id) {
        boolean timed() {
            return time.isPresent();
        }
    }

    private IndexNames() {}

    /** {@code index/<id>}: the name of formats 1 to 5. */
    static String hex(Hash id) {
        return RepositoryLayout.INDEXES + id.hex();
    }

    /** {@code index/t<time>-<id>}: the name of format 6, {@code at} truncated to the millisecond. */
    static String timed(Instant at, Hash id) {
        return RepositoryLayout.INDEXES + "t" + TIME.format(at) + "-" + id.hex();
    }

    /** The key parsed, or empty when it is no index file's name. */
    static Optional<Name> parse(String key) {
        if (!key.startsWith(RepositoryLayout.INDEXES)) {
            return Optional.empty();
        }
        String name = key.substring(RepositoryLayout.INDEXES.length());
        if (HEX.matcher(name).matches()) {
            return Optional.of(new Name(key, Optional.empty(), Hash.fromHex(name)));
        }
        Matcher timed = TIMED.matcher(name);
        if (!timed.matches()) {
            return Optional.empty();
        }
        try {
            Instant at = Instant.from(TIME.parse(timed.group(1)));
            return Optional.of(new Name(key, Optional.of(at), Hash.fromHex(timed.group(2))));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code key} is an index file name holding {@code id} (the check on read: the payload's id). */
    static boolean holds(String key, Hash id) {
        return parse(key).map(name -> name.id().equals(id)).orElse(false);
    }

    /**
     * The {@code StartAfter} of a listing that must show every time-named file stored at or after
     * {@code newest} less {@link #MARGIN}: the keys of that millisecond sort after it.
     */
    static String cursor(Instant newest) {
        return RepositoryLayout.INDEXES + "t" + TIME.format(newest.minus(MARGIN).truncatedTo(ChronoUnit.MILLIS));
    }
}
