package io.pilotlight.recovery.drill;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.repo.DrillRecord;
import io.pilotlight.repo.Hash;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.Repository;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * A drill's evidence in the repository (docs/design.md §17): its result, the last serial lines and the
 * console screenshot, stored as one drill record of the point (or group point) booted, where every host
 * sees it. Storing it is the drill's last step; a failure to store warns and leaves the result as it is.
 */
final class Evidence {
    /** The pilotlight version, from the jar's Maven metadata, or {@code development build}. */
    static final String VERSION = version();

    private Evidence() {}

    /** The drilled point: a disk point, or a group point with its members. */
    record Booted(DrillOptions.Target target, String point, List<Manifest> disks) {}

    /** Stores the record of {@code result} (with {@code shot}'s PNG); returns its key, or empty after a warning. */
    static Optional<String> record(Repository repository, Booted booted, DrillResult result, Boot.Shot shot,
            ProgressListener progress) {
        DrillRecord record = of(booted, result, shot);
        try {
            String key = repository.recordDrill(record, shot.png());
            progress.phase("drill: evidence recorded at " + key, -1);
            return Optional.of(key);
        } catch (IOException | RuntimeException e) {
            progress.warn("drill: the evidence could not be recorded in the repository: " + e.getMessage());
            return Optional.empty();
        }
    }

    static DrillRecord of(Booted booted, DrillResult result, Boot.Shot shot) {
        List<DrillRecord.Disk> disks = booted.disks().stream()
                .map(point -> new DrillRecord.Disk(point.disk(), point.id())).toList();
        List<DrillRecord.Check> checks = result.checks().stream().map(check -> new DrillRecord.Check(check.name(),
                check.ok(), check.elapsed().toMillis(), check.detail())).toList();
        DrillRecord.Screenshot screenshot = shot.png()
                .map(png -> new DrillRecord.Screenshot(Hash.of(png).hex(), png.length)).orElse(null);
        List<String> warnings = new ArrayList<>();
        shot.problem().ifPresent(warnings::add);
        if (!result.overlaysDeleted()) {
            warnings.add("a throwaway overlay could not be deleted");
        }
        return new DrillRecord(DrillRecord.FORMAT, Repository.newPointId(result.started(), Optional.empty()),
                booted.target().group() ? DrillRecord.GROUP : DrillRecord.DISK, booted.target().name(),
                booted.point(), disks, result.started().toString(), result.duration().toMillis(), result.passed(),
                result.accelerator(), result.acceleratorReason(), checks, result.serialTail(), VERSION, screenshot,
                warnings);
    }

    private static String version() {
        try (InputStream in = Evidence.class.getResourceAsStream(
                "/META-INF/maven/io.pilotlight/pilotlight/pom.properties")) {
            if (in == null) {
                return "development build";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
