package io.pilotlight.cli;

import io.pilotlight.recovery.image.TargetExistsException;
import io.pilotlight.recovery.image.TargetFile;
import io.pilotlight.recovery.libvirt.RestoredDomain;
import io.pilotlight.recovery.libvirt.SavedDomain;
import io.pilotlight.repo.GroupPoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code restore --group … --libvirt-xml FILE}: the group point's saved domain XML rewritten for the
 * restored images ({@link RestoredDomain}), made before anything is restored (a group point without one,
 * or an existing FILE without {@code --force}, is refused first) and written once every disk is.
 */
record RestoredDomainFile(Path file, RestoredDomain.Result result) {
    /** The raw images {@code restore --group} writes are {@code DIRECTORY/NAME.img}. */
    static final String FORMAT = "raw";

    static RestoredDomainFile prepare(GroupPoint group, Path directory, Path file, String name, boolean keepMacs,
            boolean force) throws IOException {
        if (group.domainXml() == null) {
            throw new IllegalArgumentException("--libvirt-xml: group point " + group.group() + "/" + group.id()
                    + " saved no domain XML (only a libvirt:// source saves one, since format 4; its source was "
                    + group.source() + ")");
        }
        if (Files.exists(file) && !force) {
            throw new TargetExistsException("--libvirt-xml " + file.toAbsolutePath() + " exists; pass --force to"
                    + " replace it");
        }
        SavedDomain saved = SavedDomain.parse("group point " + group.group() + "/" + group.id(), group.domainXml());
        List<RestoredDomain.Image> images = group.disks().stream().map(member -> new RestoredDomain.Image(
                member.name(), TargetFile.memberImage(directory, member.name()), FORMAT)).toList();
        RestoredDomain.Options options = new RestoredDomain.Options(name, "Restored by pilotlight from group point "
                + group.group() + "/" + group.id() + " of domain " + saved.name() + " (" + group.source() + ")",
                keepMacs, directory);
        return new RestoredDomainFile(file, RestoredDomain.rewrite(saved, options, images));
    }

    /** Writes the XML next to its place and moves it there. */
    void write() throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path temp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        Files.writeString(temp, result.xml(), StandardCharsets.UTF_8);
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
