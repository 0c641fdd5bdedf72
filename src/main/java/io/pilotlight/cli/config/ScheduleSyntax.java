package io.pilotlight.cli.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Checks schedule text for the parser. The scheduler ({@code io.pilotlight.schedule}) will supply the full
 * grammar; until then {@link KeywordScheduleSyntax} checks the keyword and the shape of each form. The
 * scheduler cannot implement this interface itself (nothing below {@code cli} may depend on {@code cli},
 * see ArchitectureTest): the daemon command adapts the scheduler's parser with a small class in {@code cli}
 * and hands it to {@link ConfigParser#ConfigParser(ScheduleSyntax)}.
 */
public interface ScheduleSyntax {
    /**
     * Checks {@code text}.
     *
     * @throws IllegalArgumentException naming the rule broken (an {@code InvalidValue} carries a hint)
     */
    void check(String text);

    /** The usual time between two runs when the text says it (for the RPO cross-check), else empty. */
    Optional<Duration> interval(String text);
}
