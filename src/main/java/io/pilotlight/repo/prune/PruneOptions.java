package io.pilotlight.repo.prune;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a prune runs.
 *
 * @param grace how old a plan must be before its packs are deleted (docs/design.md §16.2 rule 1):
 *     at least {@link #MIN_GRACE} unless {@code allowShortGrace} (tests and crash drills only: a
 *     grace under a minute lets a writer on a host whose clock lags lose packs it is using)
 * @param maxUnused the unused share of a pack's bytes above which its live blobs are repacked
 * @param maxRepackBytes most live bytes copied by one run
 * @param dryRun compute and report, write and delete nothing
 * @param allowShortGrace whether {@code grace} may be under {@link #MIN_GRACE}
 */
public record PruneOptions(Duration grace, double maxUnused, long maxRepackBytes, boolean dryRun,
        boolean allowShortGrace) {
    public static final Duration DEFAULT_GRACE = Duration.ofHours(24);
    public static final Duration MIN_GRACE = Duration.ofMinutes(1);
    public static final double DEFAULT_MAX_UNUSED = 0.05;

    public PruneOptions {
        requireNonNull(grace, "grace is null");
        if (grace.isNegative() || (!allowShortGrace && grace.compareTo(MIN_GRACE) < 0)) {
            throw new IllegalArgumentException("grace " + grace + " is too short: it must be at least " + MIN_GRACE
                    + " (writers on other hosts may still use the packs a plan names)");
        }
        if (!(maxUnused >= 0 && maxUnused <= 1)) {
            throw new IllegalArgumentException("max unused " + maxUnused + " must be a fraction from 0 to 1");
        }
        if (maxRepackBytes < 0) {
            throw new IllegalArgumentException("max repack " + maxRepackBytes + " bytes must not be negative");
        }
    }

    /** Grace 24 h, repack packs more than 5 % unused, no limit on repacking, for real. */
    public static PruneOptions defaults() {
        return new PruneOptions(DEFAULT_GRACE, DEFAULT_MAX_UNUSED, Long.MAX_VALUE, false, false);
    }

    public PruneOptions withGrace(Duration grace) {
        return new PruneOptions(grace, maxUnused, maxRepackBytes, dryRun, allowShortGrace);
    }

    public PruneOptions withShortGrace(Duration grace) {
        return new PruneOptions(grace, maxUnused, maxRepackBytes, dryRun, true);
    }

    public PruneOptions withMaxUnused(double maxUnused) {
        return new PruneOptions(grace, maxUnused, maxRepackBytes, dryRun, allowShortGrace);
    }

    public PruneOptions withMaxRepackBytes(long maxRepackBytes) {
        return new PruneOptions(grace, maxUnused, maxRepackBytes, dryRun, allowShortGrace);
    }

    public PruneOptions withDryRun(boolean dryRun) {
        return new PruneOptions(grace, maxUnused, maxRepackBytes, dryRun, allowShortGrace);
    }
}
