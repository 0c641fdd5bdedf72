package io.pilotlight.recovery.export;

import java.nio.file.Path;

/** What an export wrote: the file, its format, the point, the disk size and the file's size. */
public record ExportResult(Path target, String disk, String point, String format, long diskSize, long fileBytes,
        long durationMillis) {}
