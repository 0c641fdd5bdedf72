package io.pilotlight.report;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** A configured follower: the disk or group it follows and its standby ({@code to}) on the recovery site. */
public record FollowerTarget(String name, boolean group, String followed, Path to) {
    public FollowerTarget {
        requireNonNull(name, "name is null");
        requireNonNull(followed, "followed is null");
        requireNonNull(to, "to is null");
    }
}
