package io.pilotlight.report;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * What a report section is about: a disk or a group of a repository, the RPO target it is held to
 * (none: compliance is not computed), and the daemon job whose runs make its points (a disk's own
 * name; a group member's group).
 */
public record Subject(Kind kind, String name, String repository, Optional<Duration> target, String job) {
    /** A disk's points, or a group's group points. */
    public enum Kind {
        DISK, GROUP;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Subject {
        requireNonNull(kind, "kind is null");
        requireNonNull(name, "name is null");
        requireNonNull(repository, "repository is null");
        requireNonNull(target, "target is null");
        requireNonNull(job, "job is null");
        if (target.isPresent() && (target.get().isNegative() || target.get().isZero())) {
            throw new IllegalArgumentException(kind.word() + " " + name + ": RPO target " + target.get()
                    + " must be longer than zero");
        }
    }

    /** e.g. {@code disk web1} or {@code group db}. */
    public String label() {
        return kind.word() + " " + name;
    }
}
