package io.pilotlight.cli;

import static java.util.Objects.requireNonNull;

import io.pilotlight.cli.config.Secret;
import io.pilotlight.cli.config.VsphereSource;
import io.pilotlight.source.MachineSession;
import io.pilotlight.source.MachineSource;
import io.pilotlight.source.vsphere.VsphereMachine;
import io.pilotlight.source.vsphere.VsphereOptions;
import io.pilotlight.source.vsphere.VsphereTarget;
import java.io.IOException;
import java.util.Map;

/**
 * A group's {@code vsphere://} source of the config file, as {@code replicate --source vsphere://…}
 * builds it ({@link VsphereArguments}); the password is read from its reference at each session, so
 * a rotated password file is picked up by the next run. Messages name the reference only.
 */
final class ConfiguredVsphereMachine implements MachineSource {
    private final String group;
    private final VsphereSource source;
    private final VsphereTarget target;
    private final Map<String, String> environment;

    ConfiguredVsphereMachine(String group, VsphereSource source, Map<String, String> environment) {
        this.group = requireNonNull(group, "group is null");
        this.source = requireNonNull(source, "source is null");
        this.target = VsphereTarget.parse(source.uri());
        this.environment = Map.copyOf(environment);
    }

    @Override
    public String uri() {
        return target.uri();
    }

    @Override
    public MachineSession open() throws IOException {
        return new VsphereMachine(target, options()).open();
    }

    private VsphereOptions options() throws IOException {
        Secret password = source.password().resolve(environment).orElseThrow(() -> new IllegalArgumentException(
                "group " + group + ": vsphere password " + source.password() + " is not set"));
        VsphereOptions options = VsphereOptions.withPassword(password.reveal()).withEnableCbt(source.enableCbt())
                .withQuiesce(source.quiesce()).withDiskNbd(source.diskNbd());
        if (source.thumbprint().isPresent()) {
            options = options.withThumbprint(source.thumbprint().get());
        }
        if (source.diskNbdCommand().isPresent()) {
            options = options.withExportCommand(source.diskNbdCommand().get());
        }
        return options;
    }
}
