package io.pilotlight.repo;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A group restore point: the disks of one machine committed together, the JSON payload of
 * {@code groups/<group>/<id>} (docs/design.md, "Group points"). Each member names a committed
 * point of one disk; the group exists only once every member's point did.
 *
 * @param disks the members, in the order the source lists the machine's disks
 * @param domainXml the machine's definition when the source gives one (a libvirt domain's inactive
 *     XML at the backup's start), else null and not written
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record GroupPoint(
        int format,
        String group,
        String id,
        String parent,
        String created,
        String source,
        List<Member> disks,
        List<String> warnings,
        @JsonInclude(JsonInclude.Include.NON_NULL) String domainXml) {

    /** Schema version of the group object. */
    public static final int FORMAT = 1;

    /**
     * One disk of the group.
     *
     * @param name the disk's name within the machine (e.g. {@code scsi0-0})
     * @param disk the repository disk that holds its points
     * @param point the id of that disk's point taken for this group point
     */
    public record Member(String name, String disk, String point, long diskSize, String digest) {
        public Member {
            requireNonNull(name, "name is null");
            requireNonNull(disk, "disk is null");
            requireNonNull(point, "point is null");
            requireNonNull(digest, "digest is null");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public GroupPoint {
        requireNonNull(group, "group is null");
        requireNonNull(id, "id is null");
        requireNonNull(created, "created is null");
        requireNonNull(disks, "disks is null");
        disks = List.copyOf(disks);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** A group point without a machine definition ({@code domainXml} null). */
    public GroupPoint(int format, String group, String id, String parent, String created, String source,
            List<Member> disks, List<String> warnings) {
        this(format, group, id, parent, created, source, disks, warnings, null);
    }

    public Instant createdAt() {
        return Instant.parse(created);
    }

    byte[] toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("group point " + group + "/" + id + " cannot be written as JSON", e);
        }
    }

    static GroupPoint fromJson(String key, byte[] json) throws CorruptObjectException {
        GroupPoint point;
        try {
            point = JSON.readValue(json, GroupPoint.class);
        } catch (java.io.IOException | RuntimeException e) {
            throw new CorruptObjectException(key + ": group point is not valid JSON (" + e.getMessage().lines()
                    .findFirst().orElse("") + ")");
        }
        if (point.format() != FORMAT) {
            throw new CorruptObjectException(key + ": group point format " + point.format() + " is not " + FORMAT);
        }
        Manifest.checkInstant(key, "created", point.created());
        if (point.disks().isEmpty()) {
            throw new CorruptObjectException(key + ": group point lists no disks");
        }
        Set<String> names = new HashSet<>();
        for (Member member : point.disks()) {
            if (!names.add(member.name())) {
                throw new CorruptObjectException(key + ": disk name " + member.name() + " appears twice");
            }
            if (!member.disk().matches(RepositoryLayout.NAME_RULE) || member.diskSize() < 0) {
                throw new CorruptObjectException(key + ": member " + member.name() + " names disk '" + member.disk()
                        + "' of " + member.diskSize() + " bytes (a disk name must match " + RepositoryLayout.NAME_RULE
                        + ", a size must not be negative)");
            }
            Manifest.checkHex(key, "digest of " + member.name(), member.digest());
        }
        return point;
    }
}
