package io.pilotlight.cli;

import io.pilotlight.crypto.CryptoProviders;
import io.pilotlight.repo.Repository;
import io.pilotlight.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.nio.file.Path;
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
        description = "Block-level disaster recovery of VM disks into object storage, as point-in-time restore points.")
public final class PilotlightCommand implements Runnable {
    /**
     * The subcommands by their {@code @Command} name (spelled out: reading the annotations is what
     * a short run saves), in the order {@code --help} lists them.
     */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands("init", InitCommand.class,
            "replicate", ReplicateCommand.class, "points", PointsCommand.class, "restore", RestoreCommand.class,
            "follow", FollowCommand.class, "serve", ServeCommand.class, "export", ExportCommand.class,
            "drill", DrillCommand.class, "cloud", CloudCommand.class,
            "failover", FailoverCommand.class, "failback", FailbackCommand.class,
            "verify", VerifyCommand.class, "forget", ForgetCommand.class, "prune", PruneCommand.class,
            "repair", RepairCommand.class,
            "stats", StatsCommand.class, "key", KeyCommand.class, "config", ConfigCommand.class, "digest", DigestCommand.class,
            "demo", DemoCommand.class,
            "daemon", DaemonCommand.class, "status", StatusCommand.class, "run", RunCommand.class,
            "alert", AlertCommand.class,
            "report", ReportCommand.class);
    /** Global options that take a value (the next argument, unless written {@code --name=value}). */
    private static final Set<String> VALUED = Set.of("--repo", "--s3-endpoint", "--s3-region", "--s3-path-style",
            "--uploads", "--limit-upload", "--limit-download");

    @Spec
    CommandSpec spec;

    @Option(names = "--repo", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Repository: a local directory (default: $PILOTLIGHT_REPO).")
    String repo;

    @Option(names = "--s3-endpoint", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "S3 endpoint for non-AWS services (default: $AWS_ENDPOINT_URL).")
    String s3Endpoint;

    @Option(names = "--s3-region", paramLabel = "REGION", scope = ScopeType.INHERIT,
            description = "S3 region (default: $AWS_REGION, else us-east-1 with an endpoint).")
    String s3Region;

    @Option(names = "--s3-path-style", paramLabel = "true|false", arity = "1", scope = ScopeType.INHERIT,
            description = "Path-style bucket addressing (default: true when an endpoint is given).")
    Boolean s3PathStyle;

    @Option(names = "--uploads", paramLabel = "N", scope = ScopeType.INHERIT,
            description = "Packs uploaded at once (default: ${DEFAULT-VALUE}).", defaultValue = "4")
    int uploads;

    @Option(names = "--limit-upload", paramLabel = "MiB/s", scope = ScopeType.INHERIT,
            description = "Upload bandwidth limit in MiB/s (default: none).")
    Double limitUpload;

    @Option(names = "--limit-download", paramLabel = "MiB/s", scope = ScopeType.INHERIT,
            description = "Download bandwidth limit in MiB/s (default: none).")
    Double limitDownload;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT, description = "No progress or summaries on stderr.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "More detail on stderr.")
    boolean verbose;

    private final Map<String, String> environment;
    private StoreStack storeStack;
    private final boolean terminal;

    PilotlightCommand(Map<String, String> environment, boolean terminal) {
        this.environment = Map.copyOf(environment);
        this.terminal = terminal;
    }

    /** The command line with every subcommand, writing UTF-8 to the process's stdout and stderr. */
    public static CommandLine commandLine(Map<String, String> environment, boolean terminal) {
        return commandLine(environment, terminal, SUBCOMMANDS.values());
    }

    /**
     * The command line for {@code args}: with only the subcommand they name when they name one,
     * since picocli reads every subcommand's annotations up front (about 50 ms of a short run).
     */
    public static CommandLine commandLine(Map<String, String> environment, boolean terminal, String[] args) {
        return commandLine(environment, terminal, named(args).map(name -> List.<Class<?>>of(SUBCOMMANDS.get(name)))
                .orElse(List.copyOf(SUBCOMMANDS.values())));
    }

    /** The subcommand {@code args} name: the first argument that is neither an option nor its value. */
    static Optional<String> named(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) {
                return Optional.empty();
            }
            if (VALUED.contains(args[i])) {
                i++;
            } else if (!args[i].startsWith("-")) {
                return SUBCOMMANDS.containsKey(args[i]) ? Optional.of(args[i]) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static CommandLine commandLine(Map<String, String> environment, boolean terminal,
            Collection<Class<?>> subcommands) {
        CryptoProviders.install(environment);
        CommandLine commandLine = new CommandLine(new PilotlightCommand(environment, terminal));
        subcommands.forEach(commandLine::addSubcommand);
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

    /** The process environment (a copy, or the test's). */
    Map<String, String> environment() {
        return environment;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    RepoLocation repoLocation() {
        RepoLocation.S3Settings s3 = new RepoLocation.S3Settings(Optional.ofNullable(s3Endpoint),
                Optional.ofNullable(s3Region), Optional.ofNullable(s3PathStyle));
        return RepoLocation.resolve(Optional.ofNullable(repo), s3, environment);
    }

    /** The store of an existing repository, with retries, bandwidth limits and metering. */
    ObjectStore openExistingStore() throws IOException {
        return storeStack().around(repoLocation().openExisting(storeStack().s3Options()));
    }

    /** The passphrase sources of encrypted repositories: a file, a command, or the terminal. */
    EnvironmentPassphrases passphrases() {
        return new EnvironmentPassphrases(environment, Optional.ofNullable(System.console()));
    }

    /** Opens the repository in {@code store}: the one place commands open one (with its key if encrypted). */
    Repository openRepository(ObjectStore store) throws IOException {
        return Repository.open(store, passphrases());
    }

    /** As {@link #openRepository(ObjectStore)}, keeping index copies under this host's {@code cache} (§15a). */
    Repository openRepository(ObjectStore store, Optional<Path> cache) throws IOException {
        return Repository.open(store, passphrases(), java.time.Clock.systemUTC(), cache);
    }

    /** The store for {@code init}, with the same decorators. */
    ObjectStore openStoreForInit(RepoLocation location) throws IOException {
        return storeStack().around(location.openForInit(storeStack().s3Options()));
    }

    /** Requests and bytes of every store opened by this command. */
    StoreStack storeStack() {
        if (storeStack == null) {
            storeStack = StoreStack.of(uploads, limitUpload, limitDownload);
        }
        return storeStack;
    }

    int uploads() {
        return storeStack().uploads();
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

    private static Map<String, Class<?>> subcommands(Object... namesAndClasses) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (int i = 0; i < namesAndClasses.length; i += 2) {
            byName.put((String) namesAndClasses[i], (Class<?>) namesAndClasses[i + 1]);
        }
        return Collections.unmodifiableMap(byName);
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
                    return new String[] {"pilotlight (development build)", CryptoProviders.installed().describe()};
                }
                Properties properties = new Properties();
                properties.load(in);
                return new String[] {"pilotlight " + properties.getProperty("version", "unknown"),
                        CryptoProviders.installed().describe()};
            }
        }
    }
}
