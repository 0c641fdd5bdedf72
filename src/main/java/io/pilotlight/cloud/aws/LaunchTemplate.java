package io.pilotlight.cloud.aws;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateSpecification;

/**
 * The EC2 launch template a failover runs its instance from: by id ({@code lt-…}) or name, at a
 * version ({@code $Latest}, {@code $Default} or a number; none: the template's default version).
 * The options a failover is given explicitly (instance type, subnet, security groups, key) override it.
 */
public record LaunchTemplate(String idOrName, Optional<String> version) {
    public LaunchTemplate {
        requireNonNull(idOrName, "idOrName is null");
        requireNonNull(version, "version is null");
        if (!idOrName.matches("[A-Za-z0-9()./_-]{3,128}")) {
            throw new IllegalArgumentException("--launch-template '" + idOrName + "' is neither a launch template id"
                    + " (lt-0123456789abcdef0) nor a name (3 to 128 of letters, digits, ( ) . / _ -)");
        }
        if (version.isPresent() && !version.get().matches("\\$Latest|\\$Default|[1-9][0-9]{0,8}")) {
            throw new IllegalArgumentException("--launch-template-version '" + version.get() + "' is not $Latest,"
                    + " $Default or a version number");
        }
    }

    /** Whether {@link #idOrName} is an id rather than a name. */
    public boolean isId() {
        return idOrName.matches("lt-[0-9a-f]{8,17}");
    }

    LaunchTemplateSpecification specification() {
        LaunchTemplateSpecification.Builder spec = LaunchTemplateSpecification.builder();
        if (isId()) {
            spec.launchTemplateId(idOrName);
        } else {
            spec.launchTemplateName(idOrName);
        }
        version.ifPresent(spec::version);
        return spec.build();
    }

    @Override
    public String toString() {
        return "launch template " + idOrName + version.map(v -> " version " + v).orElse("");
    }
}
