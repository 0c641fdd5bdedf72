package io.pilotlight.cli.config;

import static java.util.Objects.requireNonNull;

import io.pilotlight.recovery.drill.DrillOptions.Accelerator;
import io.pilotlight.recovery.drill.DrillOptions.PortCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A scheduled drill: boots the newest point of {@code disk} or {@code group} in an isolated VM and
 * checks a serial {@code heartbeat} (default: the drill's own) and each of {@code ports}, each
 * check within {@code checkTimeout}, the whole drill within {@code timeout}.
 */
public record DrillConfig(String name, Optional<String> disk, Optional<String> group, String repository,
        Schedule schedule, Optional<Pattern> heartbeat, List<PortCheck> ports, Duration checkTimeout,
        Duration timeout, long memoryBytes, Accelerator accelerator, Optional<Path> workDirectory) {
    public DrillConfig {
        Scalars.checkName("drill", requireNonNull(name, "name is null"));
        requireNonNull(disk, "disk is null");
        requireNonNull(group, "group is null");
        requireNonNull(repository, "repository is null");
        requireNonNull(schedule, "schedule is null");
        requireNonNull(heartbeat, "heartbeat is null");
        ports = List.copyOf(ports);
        requireNonNull(checkTimeout, "checkTimeout is null");
        requireNonNull(timeout, "timeout is null");
        requireNonNull(accelerator, "accelerator is null");
        requireNonNull(workDirectory, "workDirectory is null");
        if (disk.isPresent() == group.isPresent()) {
            throw new InvalidValue("drill '" + name + "' needs exactly one of 'disk' and 'group'", "");
        }
        if (timeout.compareTo(checkTimeout) < 0) {
            throw new InvalidValue("drill '" + name + "': timeout " + ConfigDuration.format(timeout)
                    + " is shorter than check-timeout " + ConfigDuration.format(checkTimeout),
                    "the timeout bounds the whole drill, boot to power-off: make it at least the check timeout");
        }
    }
}
