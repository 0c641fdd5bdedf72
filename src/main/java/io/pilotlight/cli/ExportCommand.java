package io.pilotlight.cli;

import io.pilotlight.recovery.export.ExportResult;
import io.pilotlight.recovery.export.Exporter;
import io.pilotlight.recovery.export.ImageFormat;
import io.pilotlight.repo.Repository;
import io.pilotlight.store.ObjectStore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "export", description = "Write a restore point as a raw, qcow2, vmdk or vhdx image with qemu-img,"
        + " read through a private NBD server. Prints the file and the point.")
final class ExportCommand implements Callable<Integer> {
    @ParentCommand
    PilotlightCommand top;

    @Option(names = "--disk", paramLabel = "NAME", required = true, converter = DiskName.Converter.class,
            description = "The disk to export.")
    String disk;

    @Option(names = "--point", paramLabel = "ID", defaultValue = "latest",
            description = "Point id, unique id prefix, or 'latest' (default).")
    String point;

    @Option(names = "--format", paramLabel = "raw|qcow2|vmdk|vhdx", required = true, converter = FormatName.class,
            description = "Image format to write.")
    ImageFormat format;

    @Option(names = "--to", paramLabel = "FILE", required = true, description = "The image file to write.")
    Path target;

    @Option(names = "--force", description = "Replace an existing file.")
    boolean force;

    @Option(names = "--qemu-img", paramLabel = "PATH", defaultValue = "qemu-img",
            description = "The qemu-img program (default: qemu-img on the PATH).")
    String qemuImg;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (ObjectStore store = top.openExistingStore(); ConsoleProgress progress = top.progress()) {
            Repository repository = top.openRepository(store);
            ExportResult result = new Exporter(repository, progress, qemuImg).export(disk, point, format, target, force);
            progress.close();
            if (json) {
                Json.print(Json.object(result), top.out());
            } else {
                top.out().println(result.target() + "  " + result.point());
                top.out().flush();
            }
            top.note(disk + ": exported point " + result.point() + " as " + result.format() + " to " + result.target()
                    + ": " + ByteSize.format(result.diskSize()) + " disk, " + ByteSize.format(result.fileBytes())
                    + " file, in " + HumanDuration.format(result.durationMillis()));
        }
        return ExitCodes.OK;
    }

    /** {@code raw}, {@code qcow2}, {@code vmdk} or {@code vhdx}. */
    static final class FormatName implements ITypeConverter<ImageFormat> {
        @Override
        public ImageFormat convert(String value) {
            return ImageFormat.parse(value);
        }
    }
}
