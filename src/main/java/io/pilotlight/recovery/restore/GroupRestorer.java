package io.pilotlight.recovery.restore;

import io.pilotlight.progress.ProgressListener;
import io.pilotlight.recovery.image.TargetExistsException;
import io.pilotlight.recovery.image.TargetFile;
import io.pilotlight.repo.GroupPoint;
import io.pilotlight.repo.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Restores every disk of a group point into one directory, as {@code <name>.img} each. */
public final class GroupRestorer {
    private final Repository repository;
    private final Restorer restorer;

    public GroupRestorer(Repository repository, ProgressListener progress) {
        this.repository = repository;
        this.restorer = new Restorer(repository, progress);
    }

    /**
     * Restores each member of {@code point} to {@code directory}/NAME.img, checking first that the
     * member's point has the digest the group names; refuses existing images unless {@code force}.
     */
    public List<RestoreResult> restore(GroupPoint point, Path directory, boolean force) throws IOException {
        Files.createDirectories(directory);
        for (GroupPoint.Member member : point.disks()) {
            repository.member(point, member);
            Path image = TargetFile.memberImage(directory, member.name());
            if (Files.exists(image) && !force) {
                throw new TargetExistsException("restore target " + image.toAbsolutePath()
                        + " exists; pass --force to replace it");
            }
        }
        List<RestoreResult> results = new ArrayList<>();
        for (GroupPoint.Member member : point.disks()) {
            results.add(restorer.restore(member.disk(), member.point(), TargetFile.memberImage(directory, member.name()),
                    force));
        }
        return results;
    }
}
