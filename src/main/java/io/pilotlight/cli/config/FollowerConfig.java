package io.pilotlight.cli.config;

import static java.util.Objects.requireNonNull;

import io.pilotlight.recovery.follow.Verification;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A recovery-site follower: keeps {@code to} (a raw image for a disk, a directory of {@code NAME.img}
 * for a group) at the newest point of {@code disk} or {@code group}, polling every {@code poll}; an
 * alert watches {@code targetLag} when given.
 */
public record FollowerConfig(String name, Optional<String> disk, Optional<String> group, String repository, Path to,
        Verification verify, Duration poll, Optional<Duration> targetLag) {
    public FollowerConfig {
        Scalars.checkName("follower", requireNonNull(name, "name is null"));
        requireNonNull(disk, "disk is null");
        requireNonNull(group, "group is null");
        requireNonNull(repository, "repository is null");
        requireNonNull(to, "to is null");
        requireNonNull(verify, "verify is null");
        requireNonNull(poll, "poll is null");
        requireNonNull(targetLag, "targetLag is null");
        if (disk.isPresent() == group.isPresent()) {
            throw new InvalidValue("follower '" + name + "' needs exactly one of 'disk' and 'group'", "");
        }
    }
}
