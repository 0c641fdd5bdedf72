package io.pilotlight.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pilotlight.cli.config.ConfigParser;
import io.pilotlight.cli.config.ConfigProblem;
import io.pilotlight.cli.config.ConfigResult;
import io.pilotlight.cli.config.PilotlightConfig;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code config check FILE}: reads a {@code pilotlight.yaml} (docs/configuration.md) and reports every problem. */
@Command(name = "config", description = "Work with a pilotlight.yaml configuration file (docs/configuration.md).",
        subcommands = ConfigCommand.Check.class)
final class ConfigCommand implements Runnable {
    @ParentCommand
    PilotlightCommand top;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "no config command given (try 'config check FILE')");
    }

    @Command(name = "check", description = {"Check a configuration file: print 'FILE: OK: ...' and exit 0, or print "
            + "every problem as FILE:LINE:COLUMN: error: KEY.PATH: RULE (HINT) and exit 2; exit 4 if it cannot be read.",
        "Warnings are printed too and do not fail the check."})
    static final class Check implements Callable<Integer> {
        @ParentCommand
        ConfigCommand config;

        @Parameters(paramLabel = "FILE", description = "The configuration file, e.g. /etc/pilotlight/pilotlight.yaml.")
        Path file;

        @Option(names = "--json", description = "Print the result as one JSON object (file, valid, problems, summary).")
        boolean json;

        @Override
        public Integer call() {
            PilotlightCommand top = config.top;
            ConfigResult result;
            try {
                result = new ConfigParser().read(file);
            } catch (NoSuchFileException e) {
                top.err().println("pilotlight: " + file + ": cannot read: no such file");
                top.err().flush();
                return ExitCodes.IO_ERROR;
            } catch (IOException e) {
                top.err().println("pilotlight: " + file + ": cannot read: " + e.getMessage());
                top.err().flush();
                return ExitCodes.IO_ERROR;
            }
            if (json) {
                printJson(result, top);
            } else {
                printText(result, top);
            }
            return result.config().isPresent() ? ExitCodes.OK : ExitCodes.USAGE;
        }

        private void printText(ConfigResult result, PilotlightCommand top) {
            result.problems().forEach(problem -> top.out().println(problem.format()));
            result.config().ifPresent(checked -> top.out().println(file + ": OK: " + summary(checked)));
            top.out().flush();
            if (result.config().isEmpty()) {
                top.err().println("pilotlight: " + file + ": " + count(result.errors().size(), "error") + ", "
                        + count(result.warnings().size(), "warning"));
                top.err().flush();
            }
        }

        private void printJson(ConfigResult result, PilotlightCommand top) {
            ObjectNode node = Json.object(new Outcome(file.toString(), result.config().isPresent(), result.problems()));
            result.config().ifPresentOrElse(checked -> node.put("summary", summary(checked)),
                    () -> node.putNull("summary"));
            Json.print(node, top.out());
        }
    }

    /** The {@code --json} form of a check. */
    record Outcome(String file, boolean valid, List<ConfigProblem> problems) {}

    /** {@code 2 repositories, 3 disks, 1 group, ...; listener 127.0.0.1:9811}. */
    static String summary(PilotlightConfig config) {
        List<String> parts = new ArrayList<>();
        parts.add(count(config.repositories().size(), "repository", "repositories"));
        parts.add(count(config.disks().size(), "disk"));
        parts.add(count(config.groups().size(), "group"));
        parts.add(count(config.followers().size(), "follower"));
        parts.add(count(config.verifyJobs().size(), "verify job"));
        parts.add(count(config.pruneJobs().size(), "prune job"));
        parts.add(count(config.drills().size(), "drill"));
        return String.join(", ", parts) + "; listener " + config.listener().address();
    }

    private static String count(int count, String one) {
        return count(count, one, one + "s");
    }

    private static String count(int count, String one, String many) {
        return count + " " + (count == 1 ? one : many);
    }
}
