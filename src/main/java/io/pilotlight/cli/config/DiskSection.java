package io.pilotlight.cli.config;

import io.pilotlight.retention.RetentionPolicy;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

/** {@code disks}: each disk's source and its {@link Protection}, whose keys groups share. */
final class DiskSection {
    private DiskSection() {}

    static Map<String, DiskConfig> read(MappingReader top, ParseContext context) {
        return NamedSection.read(top, "disks", "disk", "e.g. disks: {vm1-sda: {source: ..., schedule: ...}}",
                (name, disk) -> {
                    Optional<String> source = disk.required("source", Scalars.scalar("a source URI", SourceCheck::disk),
                            "e.g. source: file:/dev/vg0/vm1-sda");
                    Optional<Protection> protection = protection(disk, context);
                    return source.isPresent() && protection.isPresent()
                            ? Optional.of(new DiskConfig(name, source.get(), protection.get())) : Optional.empty();
                });
    }

    /** The keys a disk and a group share: repository, schedule, zone, rpo, retention. */
    static Optional<Protection> protection(MappingReader entry, ParseContext context) {
        Optional<String> repository = context.repository(entry);
        ZoneId zone = context.zone(entry);
        Optional<Schedule> schedule = context.schedule(entry, zone);
        Optional<Duration> rpo = entry.optional("rpo", Scalars.duration());
        boolean retentionGiven = entry.has("retention");
        Optional<RetentionPolicy> retention = entry.optional("retention", RetentionSection.reader());
        schedule.ifPresent(every -> context.warnIfShorter(entry, "rpo", rpo, context.syntax().interval(every.text()),
                "schedule interval"));
        if (repository.isEmpty() || schedule.isEmpty() || (retentionGiven && retention.isEmpty())
                || (entry.has("rpo") && rpo.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new Protection(repository.get(), schedule.get(), rpo,
                retention.orElse(RetentionPolicy.EMPTY), zone));
    }
}
