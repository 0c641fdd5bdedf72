package io.pilotlight.cli;

import io.pilotlight.recovery.restore.GroupRestorer;
import io.pilotlight.recovery.restore.RestoreResult;
import io.pilotlight.recovery.restore.Restorer;
import io.pilotlight.repo.GroupPoint;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.store.ObjectStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "restore", description = "Write a restore point to a file or block device (with --group: every "
        + "disk of a group point, as NAME.img in a directory). Prints path and digest.")
final class RestoreCommand implements Callable<Integer> {
    @ParentCommand
    PilotlightCommand top;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Restored restored;

    static final class Restored {
        @Option(names = "--disk", paramLabel = "NAME", converter = DiskName.Converter.class,
                description = "The disk to restore.")
        String disk;

        @Option(names = "--group", paramLabel = "NAME", converter = DiskName.Converter.class,
                description = "Restore every disk of a group point; --to is then a directory.")
        String group;
    }

    @Option(names = "--point", paramLabel = "ID", defaultValue = "latest",
            description = "Point id (with --group: group point id), unique id prefix, or 'latest' (default).")
    String point;

    @Option(names = "--to", paramLabel = "FILE", required = true,
            description = "Target file or block device (with --group: a directory).")
    Path target;

    @Option(names = "--force", description = "Overwrite an existing target.")
    boolean force;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Option(names = "--libvirt-xml", paramLabel = "FILE", description = "With --group: also write a libvirt domain"
            + " XML for the restored disks, from the domain XML the group point saved (a libvirt:// source): new name,"
            + " no uuid, no MAC addresses, disks on the restored images. Then: virsh define FILE.")
    Path libvirtXml;

    @Option(names = "--libvirt-name", paramLabel = "NAME", description = "With --libvirt-xml: the domain's name"
            + " (default: GROUP-restored).")
    String libvirtName;

    @Option(names = "--keep-macs", description = "With --libvirt-xml: keep the NICs' MAC addresses (only when the"
            + " original machine is gone for good: two machines with one MAC on a network break both).")
    boolean keepMacs;

    @Override
    public Integer call() throws Exception {
        try (ObjectStore store = top.openExistingStore(); ConsoleProgress progress = top.progress()) {
            Repository repository = top.openRepository(store);
            if (restored.group != null) {
                GroupPoint group = repository.groupPoint(restored.group, point);
                Optional<RestoredDomainFile> domain = libvirtXml == null ? Optional.empty() : Optional.of(
                        RestoredDomainFile.prepare(group, target, libvirtXml, libvirtName == null ? restored.group
                                + "-restored" : libvirtName, keepMacs, force));
                List<RestoreResult> results = new GroupRestorer(repository, progress).restore(group, target, force);
                progress.close();
                if (json) {
                    Json.print(Json.array(results), top.out());
                }
                for (RestoreResult result : results) {
                    print(result);
                }
                top.note(restored.group + ": restored group point " + group.id() + " (" + results.size()
                        + " disks) to " + target.toAbsolutePath());
                if (domain.isPresent()) {
                    write(domain.get());
                }
                CommandSignals.completed();
                return ExitCodes.OK;
            }
            if (libvirtXml != null) {
                throw new IllegalArgumentException("--libvirt-xml needs --group: only a group point saves its domain");
            }
            PointInfo resolved = repository.point(restored.disk, point);
            RestoreResult result = new Restorer(repository, progress).restore(restored.disk, resolved.id(), target,
                    force);
            CommandSignals.completed(); // the target is in place: a signal from now on does not undo that
            progress.close();
            if (json) {
                Json.print(Json.object(result), top.out());
            }
            print(result);
        }
        return ExitCodes.OK;
    }

    private void write(RestoredDomainFile domain) throws IOException {
        domain.write();
        domain.result().notes().forEach(note -> top.note("--libvirt-xml: " + note));
        top.note(restored.group + ": libvirt domain XML written to " + domain.file().toAbsolutePath()
                + " (virsh define it)");
    }

    private void print(RestoreResult result) {
        if (!json) {
            top.out().println(result.target() + "  " + result.digest());
            top.out().flush();
        }
        top.note(result.disk() + ": restored point " + result.point() + " to " + result.target() + ": "
                + ByteSize.format(result.diskSize()) + " disk, " + ByteSize.format(result.dataBytes())
                + " of data written in " + HumanDuration.format(result.durationMillis()));
    }
}
