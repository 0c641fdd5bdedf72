package io.pilotlight.cli.config;

import static java.util.Objects.requireNonNull;

import io.pilotlight.source.libvirt.LibvirtTarget;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A group of disks replicated to one group point: either {@code members} (member name to source URI;
 * a member's points go to disk {@code GROUP-MEMBER}, as with {@code replicate --group}) or a
 * {@code vsphere://USER@HOST/VM} source or a {@code libvirt://[URI]/DOMAIN[?scratch=DIR]} source whose
 * disks are found at run time.
 */
public record GroupConfig(String name, Map<String, String> members, Optional<VsphereSource> vsphere,
        Optional<String> libvirt, Protection protection) {
    public GroupConfig {
        Scalars.checkName("group", requireNonNull(name, "name is null"));
        members = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(members, "members is null")));
        members.keySet().forEach(member -> Scalars.checkName("disk", member));
        members.keySet().forEach(member -> Scalars.checkName("disk", name + "-" + member));
        requireNonNull(vsphere, "vsphere is null");
        requireNonNull(libvirt, "libvirt is null");
        libvirt.ifPresent(GroupConfig::checkLibvirt);
        requireNonNull(protection, "protection is null");
        int sources = (members.isEmpty() ? 0 : 1) + (vsphere.isEmpty() ? 0 : 1) + (libvirt.isEmpty() ? 0 : 1);
        if (sources != 1) {
            throw new InvalidValue("group '" + name + "' needs exactly one of 'members' and 'source'", HINT);
        }
    }

    /** The forms of a group's disks, for messages. */
    static final String HINT = "members: {NAME: URI, ...} for disks you list, source: vsphere://USER@HOST/VM for a"
            + " VM or libvirt:///system/DOMAIN for a libvirt domain";

    /** A {@code libvirt://[URI]/DOMAIN[?scratch=DIR]} source, checked as {@code replicate --source} parses it. */
    static String checkLibvirt(String uri) {
        try {
            LibvirtTarget.parse(uri);
            return uri;
        } catch (IllegalArgumentException e) {
            throw new InvalidValue(e.getMessage(), "libvirt://[URI]/DOMAIN[?scratch=DIR], see docs/sources.md");
        }
    }

    /** The repository's disk names of the members: {@code GROUP-MEMBER}, in order (none for a vSphere or libvirt source). */
    public List<String> diskNames() {
        return members.keySet().stream().map(member -> name + "-" + member).toList();
    }
}
