package io.pilotlight.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "demo", description = {
    "Show replicate and restore end to end in a fresh folder (no --repo needed).",
    "Makes a sparse disk image, replicates it, changes 1%% of it, replicates again, restores both",
    "points and proves each restore's SHA-256 equals the image's at that time."})
final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    PilotlightCommand top;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Work here (new or empty). Default: ./pilotlight-demo-<time>.")
    Path dir;

    @Option(names = "--size", paramLabel = "SIZE", defaultValue = "1G", converter = ByteSize.Converter.class,
            description = "Size of the demo disk (default: ${DEFAULT-VALUE}).")
    long size;

    @Option(names = "--data", paramLabel = "SIZE", defaultValue = "100M", converter = ByteSize.Converter.class,
            description = "Random data in it (default: ${DEFAULT-VALUE}).")
    long data;

    @Option(names = "--keep", description = "Keep the folder afterwards.")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        DemoImage.checkSizes(size, data);
        boolean created = dir == null || !Files.exists(dir);
        Path workspace = prepare();
        PrintWriter log = top.quiet ? new PrintWriter(Writer.nullWriter()) : top.err();
        DemoReport report;
        try (ConsoleProgress progress = top.progress()) {
            report = new DemoScenario(workspace, size, data, progress, log).run();
        } catch (Exception e) {
            top.err().println("pilotlight: demo failed; its files are kept in " + workspace.toAbsolutePath());
            throw e;
        }
        report.print(top.out());
        if (!report.allMatch()) {
            top.err().println("pilotlight: demo: a restored image differs from the source; files kept in "
                    + workspace.toAbsolutePath());
            top.err().flush();
            return ExitCodes.CORRUPT_DATA;
        }
        if (keep) {
            top.note("demo files kept in " + workspace.toAbsolutePath());
        } else {
            delete(workspace, created);
        }
        return ExitCodes.OK;
    }

    private Path prepare() throws IOException {
        if (dir == null) {
            String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            return Files.createDirectory(Path.of("pilotlight-demo-" + time));
        }
        if (Files.isDirectory(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("--dir " + dir + ": must be a new or empty directory");
                }
            }
            return dir;
        }
        return Files.createDirectories(dir);
    }

    /** Deletes what the demo made; the folder itself only if the demo created it. */
    private static void delete(Path workspace, boolean created) throws IOException {
        try (Stream<Path> paths = Files.walk(workspace)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                if (created || !path.equals(workspace)) {
                    Files.delete(path);
                }
            }
        }
    }
}
