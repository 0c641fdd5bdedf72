package io.pilotlight.daemon;

import static java.util.Objects.requireNonNull;

import io.pilotlight.alert.SiteProbe;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The alert engine's look at the site: a repository is reachable when its list of disks can be read
 * (opening it first if no run has), and a follower's standby space is its filesystem's.
 */
final class RepositoryProbe implements SiteProbe {
    private final Map<String, SharedRepository> repositories;

    RepositoryProbe(Map<String, SharedRepository> repositories) {
        this.repositories = Map.copyOf(requireNonNull(repositories, "repositories is null"));
    }

    @Override
    public Map<String, String> unreachableRepositories() {
        Map<String, String> unreachable = new LinkedHashMap<>();
        repositories.forEach((name, repository) -> {
            try {
                repository.get().disks();
            } catch (IOException | RuntimeException e) {
                unreachable.put(name, e.getMessage() == null ? e.toString() : e.getMessage());
            }
        });
        return unreachable;
    }
}
