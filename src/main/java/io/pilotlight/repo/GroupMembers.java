package io.pilotlight.repo;

import java.util.regex.Pattern;

/**
 * How the disks of a group are named in the repository (docs/design.md §8a): each member disk
 * {@code name} of group {@code group} is the ordinary disk {@code <group>-<name>}, e.g.
 * {@code web1-scsi0-0}, so every tool that works on disks works on a group's disks.
 */
public final class GroupMembers {
    /** A member's name within its group: what may follow {@code <group>-} in a disk name. */
    public static final String NAME_RULE = "[a-z0-9._-]+";
    private static final Pattern NAME = Pattern.compile(NAME_RULE);

    private GroupMembers() {}

    /**
     * The repository disk of member {@code name} of {@code group}. The group must follow the group
     * rule ({@link Repository#checkGroup}), the name {@link #NAME_RULE}, and the result the disk rule
     * ({@link Repository#checkDisk}: at most 64 characters in all).
     */
    public static String diskName(String group, String name) {
        Repository.checkGroup(group);
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("group " + group + ": member name '" + name + "': must match "
                    + NAME_RULE + " (lower-case letters, digits, '.', '_', '-')");
        }
        return Repository.checkDisk(group + "-" + name);
    }
}
