package io.pilotlight.cloud.aws;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What to fail over and how: the disk (or the group: its first disk is the root device, the others
 * data disks) and point, the instance (type, subnet, security groups, key
 * pair), the image's boot mode, the heartbeat to wait for on the serial console and the time each
 * wait may take; a drill terminates the instance and deregisters the image afterwards. With a launch
 * template, the instance settings not given here come from it (no instance type: the template's). The guest
 * check refuses a disk that cannot boot this way (Windows), before anything is made.
 */
public record FailoverOptions(String name, boolean group, String point, Optional<String> instanceType,
        Optional<String> subnetId, List<String> securityGroupIds, Optional<String> keyName, BootMode bootMode,
        Pattern heartbeat, Duration runningLimit, Duration heartbeatLimit, boolean drill, boolean guestCheck,
        Optional<LaunchTemplate> launchTemplate) {

    /** The firmware the image boots with. */
    public enum BootMode {
        LEGACY_BIOS("legacy-bios"), UEFI("uefi");

        public final String awsName;

        BootMode(String awsName) {
            this.awsName = awsName;
        }
    }

    public static final Pattern DEFAULT_HEARTBEAT = Pattern.compile("PILOTLIGHT-HEARTBEAT|login:");

    public static final String DEFAULT_INSTANCE_TYPE = "t3.micro";

    /** Without a launch template: every setting as given. */
    public FailoverOptions(String name, boolean group, String point, String instanceType, Optional<String> subnetId,
            List<String> securityGroupIds, Optional<String> keyName, BootMode bootMode, Pattern heartbeat,
            Duration runningLimit, Duration heartbeatLimit, boolean drill, boolean guestCheck) {
        this(name, group, point, Optional.of(instanceType), subnetId, securityGroupIds, keyName, bootMode, heartbeat,
                runningLimit, heartbeatLimit, drill, guestCheck, Optional.empty());
    }

    public FailoverOptions {
        requireNonNull(name, "name is null");
        requireNonNull(point, "point is null");
        requireNonNull(instanceType, "instanceType is null");
        requireNonNull(launchTemplate, "launchTemplate is null");
        if (instanceType.isEmpty() && launchTemplate.isEmpty()) {
            instanceType = Optional.of(DEFAULT_INSTANCE_TYPE);
        }
        requireNonNull(subnetId, "subnetId is null");
        securityGroupIds = List.copyOf(securityGroupIds);
        requireNonNull(keyName, "keyName is null");
        requireNonNull(bootMode, "bootMode is null");
        requireNonNull(heartbeat, "heartbeat is null");
        if (instanceType.isPresent() && !instanceType.get().matches("[a-z][a-z0-9-]*\\.[a-z0-9]+")) {
            throw new IllegalArgumentException("--instance-type '" + instanceType.get() + "' is not an EC2 instance"
                    + " type such as t3.micro");
        }
        if (runningLimit.isNegative() || runningLimit.isZero() || heartbeatLimit.isNegative()
                || heartbeatLimit.isZero()) {
            throw new IllegalArgumentException("the running and heartbeat limits must be positive");
        }
    }
}
