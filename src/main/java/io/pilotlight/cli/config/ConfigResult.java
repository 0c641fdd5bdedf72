package io.pilotlight.cli.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** What a parse found: the configuration when there is no error, and every problem (errors and warnings). */
public record ConfigResult(Optional<PilotlightConfig> config, List<ConfigProblem> problems) {
    public ConfigResult {
        requireNonNull(config, "config is null");
        problems = List.copyOf(requireNonNull(problems, "problems is null"));
    }

    public List<ConfigProblem> errors() {
        return problems.stream().filter(problem -> problem.severity() == ConfigProblem.Severity.ERROR).toList();
    }

    public List<ConfigProblem> warnings() {
        return problems.stream().filter(problem -> problem.severity() == ConfigProblem.Severity.WARNING).toList();
    }
}
