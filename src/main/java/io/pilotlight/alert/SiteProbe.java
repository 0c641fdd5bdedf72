package io.pilotlight.alert;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** What the engine looks at on each tick (the daemon implements it; tests fake it). */
public interface SiteProbe {
    /** Each repository that cannot be read now, with the reason in plain words. */
    Map<String, String> unreachableRepositories();

    /** The space of the filesystem that holds a follower's standby. */
    default DiskSpace space(Path standby) throws IOException {
        return DiskSpace.of(standby);
    }
}
