package io.pilotlight.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * This host's cache directory (docs/design.md §15a): {@code $PILOTLIGHT_CACHE}, else {@code
 * $XDG_CACHE_HOME/pilotlight}, else {@code $HOME/.cache/pilotlight}; none when none of them is set.
 * A cache only: deleting it changes nothing but speed.
 */
final class CacheDirectory {
    private CacheDirectory() {}

    static Optional<Path> of(Map<String, String> environment) {
        String own = environment.get("PILOTLIGHT_CACHE");
        if (own != null && !own.isBlank()) {
            return Optional.of(Path.of(own));
        }
        String xdg = environment.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Optional.of(Path.of(xdg, "pilotlight"));
        }
        String home = environment.get("HOME");
        return home == null || home.isBlank() ? Optional.empty() : Optional.of(Path.of(home, ".cache", "pilotlight"));
    }
}
