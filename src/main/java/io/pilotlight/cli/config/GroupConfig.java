package io.pilotlight.cli.config;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A group of disks replicated to one group point: either {@code members} (member name to source URI;
 * a member's points go to disk {@code GROUP-MEMBER}, as with {@code replicate --group}) or a
 * {@code vsphere://USER@HOST/VM} source whose disks are found at run time.
 */
public record GroupConfig(String name, Map<String, String> members, Optional<VsphereSource> vsphere,
        Protection protection) {
    public GroupConfig {
        Scalars.checkName("group", requireNonNull(name, "name is null"));
        members = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(members, "members is null")));
        members.keySet().forEach(member -> Scalars.checkName("disk", member));
        members.keySet().forEach(member -> Scalars.checkName("disk", name + "-" + member));
        requireNonNull(vsphere, "vsphere is null");
        requireNonNull(protection, "protection is null");
        if (members.isEmpty() == vsphere.isEmpty()) {
            throw new InvalidValue("group '" + name + "' needs exactly one of 'members' and 'source'",
                    "members: {NAME: URI, ...} for disks you list, source: vsphere://USER@HOST/VM for a VM");
        }
    }

    /** The repository's disk names of the members: {@code GROUP-MEMBER}, in order (none for a vSphere source). */
    public List<String> diskNames() {
        return members.keySet().stream().map(member -> name + "-" + member).toList();
    }
}
