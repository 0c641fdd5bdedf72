package io.pilotlight.cli;

import io.pilotlight.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top command: global options, and what every subcommand needs (repository, progress, writers). */
@Command(name = "pilotlight", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
        versionProvider = PilotlightCommand.Version.class, sortOptions = false,
        description = "Block-level disaster recovery of VM disks into object storage, as point-in-time restore points.",
        subcommands = {InitCommand.class, ReplicateCommand.class, PointsCommand.class, RestoreCommand.class,
            VerifyCommand.class, DigestCommand.class, DemoCommand.class})
public final class PilotlightCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--repo", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Repository: a local directory (default: $PILOTLIGHT_REPO).")
    String repo;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT, description = "No progress or summaries on stderr.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "More detail on stderr.")
    boolean verbose;

    private final Map<String, String> environment;
    private final boolean terminal;

    PilotlightCommand(Map<String, String> environment, boolean terminal) {
        this.environment = Map.copyOf(environment);
        this.terminal = terminal;
    }

    /** The command line as {@code main} runs it, writing UTF-8 to the process's stdout and stderr. */
    public static CommandLine commandLine(Map<String, String> environment, boolean terminal) {
        CommandLine commandLine = new CommandLine(new PilotlightCommand(environment, terminal));
        commandLine.setOut(utf8(System.out));
        commandLine.setErr(utf8(System.err));
        commandLine.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("pilotlight: " + e.getMessage() + " (see '"
                    + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return ExitCodes.USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> ExitCodes.report(e, cmd.getErr()));
        addExitCodeList(commandLine);
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "no command given");
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    RepoLocation repoLocation() {
        return RepoLocation.resolve(Optional.ofNullable(repo), environment);
    }

    ObjectStore openExistingStore() throws IOException {
        return repoLocation().openExisting();
    }

    ConsoleProgress progress() {
        return new ConsoleProgress(err(), ConsoleProgress.mode(terminal, quiet, verbose), System::nanoTime);
    }

    /** Prints a human summary line on stderr unless {@code --quiet}. */
    void note(String line) {
        if (!quiet) {
            err().println(line);
            err().flush();
        }
    }

    private static PrintWriter utf8(PrintStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }

    private static void addExitCodeList(CommandLine commandLine) {
        commandLine.getCommandSpec().usageMessage()
                .exitCodeListHeading("%nExit codes (docs/exit-codes.md):%n")
                .exitCodeList(ExitCodes.table());
        commandLine.getSubcommands().values().forEach(PilotlightCommand::addExitCodeList);
    }

    /** The version from the jar's Maven metadata, or "development build" when run from classes. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            try (InputStream in = PilotlightCommand.class.getResourceAsStream(
                    "/META-INF/maven/io.pilotlight/pilotlight/pom.properties")) {
                if (in == null) {
                    return new String[] {"pilotlight (development build)"};
                }
                Properties properties = new Properties();
                properties.load(in);
                return new String[] {"pilotlight " + properties.getProperty("version", "unknown")};
            }
        }
    }
}
