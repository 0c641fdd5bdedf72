package io.pilotlight.cli.config;

import io.pilotlight.cli.config.ConfigProblem.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/** The problems found in one file, in the order found; a parse keeps going after each one. */
final class Problems {
    private final String file;
    private final List<ConfigProblem> found = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    void error(Node node, String path, String message, String hint) {
        add(node, path, Severity.ERROR, message, hint);
    }

    void warning(Node node, String path, String message, String hint) {
        add(node, path, Severity.WARNING, message, hint);
    }

    /** An error at a mark: the YAML reader's own, for syntax errors. */
    void error(Mark mark, String path, String message, String hint) {
        found.add(new ConfigProblem(file, mark.getLine() + 1, mark.getColumn() + 1, path, Severity.ERROR, message,
                hint));
    }

    void errorAtStart(String message, String hint) {
        found.add(new ConfigProblem(file, 1, 1, "", Severity.ERROR, message, hint));
    }

    private void add(Node node, String path, Severity severity, String message, String hint) {
        int line = node.getStartMark().map(mark -> mark.getLine() + 1).orElse(1);
        int column = node.getStartMark().map(mark -> mark.getColumn() + 1).orElse(1);
        found.add(new ConfigProblem(file, line, column, path, severity, message, hint));
    }

    boolean hasErrors() {
        return found.stream().anyMatch(problem -> problem.severity() == Severity.ERROR);
    }

    /** Every problem, in the order of the file. */
    List<ConfigProblem> all() {
        return found.stream().sorted(Comparator.comparingInt(ConfigProblem::line)
                .thenComparingInt(ConfigProblem::column)).toList();
    }
}
