package io.pilotlight.repo;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one drill found, as stored: the JSON payload of a DRILL envelope at
 * {@code drills/points/<disk>/<pointid>/<id>} or {@code drills/groups/<group>/<groupid>/<id>} (docs/design.md §17).
 *
 * @param format schema version, {@link #FORMAT}
 * @param id the drill's id: a point-style id of its start time
 * @param target {@code disk} or {@code group}
 * @param name the disk or the group
 * @param point the point (or group point) id booted
 * @param disks every disk booted, in the VM's order, with its point
 * @param started ISO-8601 UTC time the drill started
 * @param durationMillis start to the VM's power-off
 * @param passed whether every check passed
 * @param accelerator {@code kvm} or {@code tcg}, and {@code acceleratorReason} why
 * @param checks every check in order, each with its time since the start
 * @param serialTail the last serial console lines
 * @param version the pilotlight that ran the drill
 * @param screenshot the console screenshot stored beside the record, or null when none could be taken
 * @param warnings e.g. why there is no screenshot
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DrillRecord(int format, String id, String target, String name, String point, List<Disk> disks,
        String started, long durationMillis, boolean passed, String accelerator, String acceleratorReason,
        List<Check> checks, List<String> serialTail, String version, Screenshot screenshot, List<String> warnings) {

    /** Schema version of the drill record (repository format 4). */
    public static final int FORMAT = 1;
    public static final String DISK = "disk";
    public static final String GROUP = "group";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public DrillRecord {
        requireNonNull(id, "id is null");
        if (!DISK.equals(target) && !GROUP.equals(target)) {
            throw new IllegalArgumentException("drill " + id + ": target '" + target + "' is neither disk nor group");
        }
        requireNonNull(name, "name is null");
        requireNonNull(point, "point is null");
        disks = List.copyOf(disks);
        requireNonNull(started, "started is null");
        requireNonNull(accelerator, "accelerator is null");
        requireNonNull(acceleratorReason, "acceleratorReason is null");
        checks = List.copyOf(checks);
        serialTail = List.copyOf(serialTail);
        requireNonNull(version, "version is null");
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** A disk booted, and its point. */
    public record Disk(String disk, String point) {
        public Disk {
            requireNonNull(disk, "disk is null");
            requireNonNull(point, "point is null");
        }
    }

    /** One check: {@code heartbeat} or {@code port N}, and when (since the drill's start) it passed or was given up. */
    public record Check(String name, boolean ok, long elapsedMillis, String detail) {
        public Check {
            requireNonNull(name, "name is null");
            requireNonNull(detail, "detail is null");
        }
    }

    /** The PNG stored beside the record: its SHA-256 (hex) and size. */
    public record Screenshot(String sha256, long bytes) {
        public Screenshot {
            requireNonNull(sha256, "sha256 is null");
        }
    }

    public boolean group() {
        return GROUP.equals(target);
    }

    public Instant startedAt() {
        return Instant.parse(started);
    }

    /** The first failed check, if any. */
    public Optional<Check> firstFailure() {
        return checks.stream().filter(check -> !check.ok()).findFirst();
    }

    byte[] toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("drill record " + id + " cannot be written as JSON", e);
        }
    }

    /** Reads and checks a record stored at {@code key}: its fields must name that key. */
    static DrillRecord fromJson(String key, RepositoryLayout.DrillKey where, byte[] json) throws CorruptObjectException {
        DrillRecord record;
        try {
            record = JSON.readValue(json, DrillRecord.class);
        } catch (java.io.IOException | RuntimeException e) {
            throw new CorruptObjectException(key + ": drill record is not valid JSON (" + e.getMessage().lines()
                    .findFirst().orElse("") + ")");
        }
        if (record.format() != FORMAT) {
            throw new CorruptObjectException(key + ": drill record format " + record.format() + " is not " + FORMAT);
        }
        if (record.group() != where.group() || !record.name().equals(where.owner())
                || !record.point().equals(where.point()) || !record.id().equals(where.drill())) {
            throw new CorruptObjectException(key + ": drill record names " + record.target() + " " + record.name()
                    + ", point " + record.point() + ", drill " + record.id() + ", not its key");
        }
        if (record.passed() != (!record.checks().isEmpty() && record.checks().stream().allMatch(Check::ok))) {
            throw new CorruptObjectException(key + ": drill record says passed " + record.passed() + " but "
                    + record.checks().size() + " check(s) " + record.checks().stream().map(check -> check.name()
                            + (check.ok() ? " ok" : " failed")).toList() + " say otherwise");
        }
        Manifest.checkInstant(key, "started", record.started());
        if (record.screenshot() != null) {
            Manifest.checkHex(key, "screenshot sha256", record.screenshot().sha256());
        }
        return record;
    }
}
