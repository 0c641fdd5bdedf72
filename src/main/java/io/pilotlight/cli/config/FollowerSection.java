package io.pilotlight.cli.config;

import io.pilotlight.recovery.follow.Verification;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/** {@code followers}: which disk or group each follows into which image or directory, and how. */
final class FollowerSection {
    static final Duration DEFAULT_POLL = Duration.ofSeconds(30);

    private FollowerSection() {}

    /** {@code disks} and {@code groups}: the names declared in the file (a group's members are disks too). */
    static Map<String, FollowerConfig> read(MappingReader top, ParseContext context, Set<String> disks,
            Set<String> groups) {
        return NamedSection.read(top, "followers", "follower", "e.g. followers: {vm1-sda-dr: {disk: vm1-sda, to: ...}}",
                (name, follower) -> {
                    Optional<String> disk = follower.optional("disk", known("disk", disks));
                    Optional<String> group = follower.optional("group", known("group", groups));
                    boolean bothOrNeither = follower.has("disk") == follower.has("group");
                    if (bothOrNeither) {
                        context.problems().error(follower.node(), follower.path(),
                                "a follower needs exactly one of 'disk' and 'group'", "disk: NAME to follow into an"
                                        + " image file, group: NAME to follow into a directory");
                    }
                    Optional<String> repository = context.repository(follower);
                    Optional<Path> to = follower.required("to", Scalars.absolutePath(),
                            "to: /path/disk.img (a group: a directory)");
                    Verification verify = follower.optional("verify", Scalars.scalar("always, sampled or off",
                            FollowerSection::verification)).orElse(Verification.SAMPLED);
                    Duration poll = follower.optional("poll", Scalars.duration()).orElse(DEFAULT_POLL);
                    Optional<Duration> lag = follower.optional("target-lag", Scalars.duration());
                    context.warnIfShorter(follower, "target-lag", lag, Optional.of(poll), "poll interval");
                    if (bothOrNeither || (disk.isEmpty() && group.isEmpty()) || repository.isEmpty() || to.isEmpty()) {
                        return Optional.empty();
                    }
                    return Optional.of(new FollowerConfig(name, disk, group, repository.get(), to.get(), verify, poll,
                            lag));
                });
    }

    /** A name among {@code names} (declared in the file), else an error naming the nearest and the others. */
    static ValueReader<String> known(String what, Set<String> names) {
        ValueReader<String> name = Scalars.name(what);
        return (Node node, String path, Problems problems) -> name.read(node, path, problems).filter(value -> {
            if (names.contains(value)) {
                return true;
            }
            String near = NearestKey.to(value, names).map(n -> "did you mean '" + n + "'? ").orElse("");
            problems.error(node, path, "unknown " + what + " '" + value + "': no " + what + " of that name in this file",
                    near + (names.isEmpty() ? "declare it under " + what + "s" : what + "s in this file: "
                            + String.join(", ", names)));
            return false;
        });
    }

    private static Verification verification(String value) {
        try {
            return Verification.parse(value);
        } catch (IllegalArgumentException e) {
            List<String> modes = List.of("always", "sampled", "off");
            throw new InvalidValue("verify mode '" + value + "' is not one of always, sampled, off",
                    NearestKey.to(value, modes).map(n -> "did you mean '" + n + "'?").orElse("see docs/configuration.md"));
        }
    }
}
