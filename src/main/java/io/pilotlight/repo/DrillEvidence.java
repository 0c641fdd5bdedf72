package io.pilotlight.repo;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** The newest drill record of a point as read: the record, or why it could not be read (docs/design.md §17). */
public sealed interface DrillEvidence {
    /** The record's key. */
    String key();

    /** A record that passed every check of its envelope and its fields. */
    record Recorded(String key, DrillRecord record) implements DrillEvidence {
        public Recorded {
            requireNonNull(key, "key is null");
            requireNonNull(record, "record is null");
        }

        /** The key of its screenshot, when it has one. */
        public Optional<String> screenshotKey() {
            return record.screenshot() == null ? Optional.empty()
                    : Optional.of(key + RepositoryLayout.SCREENSHOT_SUFFIX);
        }
    }

    /** A record that is corrupt: {@code problem} names the key and the rule it breaks. */
    record Unreadable(String key, String problem) implements DrillEvidence {
        public Unreadable {
            requireNonNull(key, "key is null");
            requireNonNull(problem, "problem is null");
        }
    }
}
