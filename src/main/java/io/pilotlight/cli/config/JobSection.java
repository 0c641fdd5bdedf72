package io.pilotlight.cli.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

/** {@code verify} and {@code prune}: named jobs on a repository, each with a schedule. */
final class JobSection {
    static final Duration DEFAULT_GRACE = Duration.ofHours(24);
    static final int DEFAULT_MAX_UNUSED = 5;

    private JobSection() {}

    static Map<String, VerifyJob> verify(MappingReader top, ParseContext context) {
        return NamedSection.read(top, "verify", "verify job", "e.g. verify: {weekly: {schedule: weekly sun 03:00}}",
                (name, job) -> {
                    Optional<String> repository = context.repository(job);
                    ZoneId zone = context.zone(job);
                    Optional<Schedule> schedule = context.schedule(job, zone);
                    boolean readData = job.optional("read-data", Scalars.bool()).orElse(false);
                    return repository.isPresent() && schedule.isPresent()
                            ? Optional.of(new VerifyJob(name, repository.get(), schedule.get(), readData))
                            : Optional.empty();
                });
    }

    static Map<String, PruneJob> prune(MappingReader top, ParseContext context) {
        return NamedSection.read(top, "prune", "prune job", "e.g. prune: {nightly: {schedule: daily 04:00}}",
                (name, job) -> {
                    Optional<String> repository = context.repository(job);
                    ZoneId zone = context.zone(job);
                    Optional<Schedule> schedule = context.schedule(job, zone);
                    Duration grace = job.optional("grace", Scalars.duration()).orElse(DEFAULT_GRACE);
                    int maxUnused = job.optional("max-unused", Scalars.scalar("a percentage such as 5%",
                            JobSection::percent)).orElse(DEFAULT_MAX_UNUSED);
                    return repository.isPresent() && schedule.isPresent()
                            ? Optional.of(new PruneJob(name, repository.get(), schedule.get(), grace, maxUnused))
                            : Optional.empty();
                });
    }

    private static int percent(String value) {
        if (!value.matches("[0-9]{1,3}%") || Integer.parseInt(value.substring(0, value.length() - 1)) > 100) {
            throw new InvalidValue("max-unused '" + value + "' is not a percentage from 0% to 100%", "e.g. 5%");
        }
        return Integer.parseInt(value.substring(0, value.length() - 1));
    }
}
