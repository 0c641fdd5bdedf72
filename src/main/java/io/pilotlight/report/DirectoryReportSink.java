package io.pilotlight.report;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes each report to {@code DIRECTORY/NAME-YYYYMMDDTHHMMZ.EXT} (the period's end, UTC): to a
 * temporary file beside it first, then renamed into place, so a reader never sees half a report. A
 * report of the same name and end replaces the earlier one.
 */
public final class DirectoryReportSink implements ReportSink {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path directory;
    private final String name;

    public DirectoryReportSink(Path directory, String name) {
        this.directory = requireNonNull(directory, "directory is null");
        this.name = requireNonNull(name, "name is null");
    }

    /** The file a report ending at {@code report}'s period end is written to. */
    public Path fileFor(Report report, ReportFormat format) {
        return directory.resolve(name + "-" + STAMP.format(report.period().end()) + "." + format.extension());
    }

    @Override
    public String deliver(Report report, ReportFormat format, String rendered) throws IOException {
        Files.createDirectories(directory);
        Path file = fileFor(report, format);
        Path temporary = Files.createTempFile(directory, "." + name + "-", ".tmp");
        try {
            Files.writeString(temporary, rendered, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return file.toString();
    }
}
