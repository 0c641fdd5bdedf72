package io.pilotlight.cli;

import io.pilotlight.replicate.GroupReplicator;
import io.pilotlight.replicate.MachineReplicator;
import io.pilotlight.replicate.ReplicateOptions;
import io.pilotlight.replicate.Replicator;
import io.pilotlight.repo.PointInfo;
import io.pilotlight.repo.Repository;
import io.pilotlight.source.ChangedBlockSource;
import io.pilotlight.source.NamedSources;
import io.pilotlight.source.SourceUri;
import io.pilotlight.source.libvirt.LibvirtMachine;
import io.pilotlight.source.libvirt.LibvirtTarget;
import io.pilotlight.source.vsphere.VsphereMachine;
import io.pilotlight.source.vsphere.VsphereOptions;
import io.pilotlight.source.vsphere.VsphereTarget;
import io.pilotlight.store.ObjectStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "replicate", description = {"Take a restore point of a disk, or a group point of all the disks of a "
        + "machine. Prints the new point's id.", "",
        "  pilotlight replicate --disk web1 --source /var/lib/images/web1.img",
        "  pilotlight replicate --group db1 --source os=db1-os.img --source data=db1-data.img",
        "  pilotlight replicate --group web1 --source vsphere://backup@vc1/web1 --enable-cbt",
        "  pilotlight replicate --group web1 --source libvirt:///system/web1"})
final class ReplicateCommand implements Callable<Integer> {
    @ParentCommand
    PilotlightCommand top;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--disk", paramLabel = "NAME", converter = DiskName.Converter.class,
                description = "Name of the disk in the repository: " + DiskName.RULE + ".")
        String disk;

        @Option(names = "--group", paramLabel = "NAME", converter = DiskName.Converter.class,
                description = "Take a group point of several disks, committed together; each --source is then "
                        + "NAME=URI and its points go to disk GROUP-NAME.")
        String group;
    }

    @Option(names = "--source", paramLabel = "URI", required = true,
            description = "The disk to read: file:/path or a plain path (image or block device), qemu:/image.qcow2, "
                    + "qmp:/socket?node=NODE, nbd+unix:///export?socket=PATH. With --group: NAME=URI, repeated, or "
                    + "one vsphere://USER@HOST/VM for every disk of a VM, or one libvirt://[URI]/DOMAIN[?scratch=DIR] "
                    + "for every disk of a libvirt domain.")
    List<String> sources;

    @ArgGroup(exclusive = false, validate = false, heading = "%nvSphere sources (vsphere://USER@HOST[:PORT]/VM, "
            + "with --group):%n")
    VsphereArguments vsphere;

    @Option(names = "--workers", paramLabel = "N", description = "Threads that hash and compress (default: cores).")
    Integer workers;

    @Option(names = "--json", description = "Print the restore point as JSON.")
    boolean json;

    @Option(names = "--no-cache", description = "Use no local cache directory ($PILOTLIGHT_CACHE, else "
            + "$XDG_CACHE_HOME/pilotlight, else ~/.cache/pilotlight): every cycle reads the parent's segments.")
    boolean noCache;

    @Override
    public Integer call() throws Exception {
        ReplicateOptions options = options();
        boolean vsphereSource = sources.stream().anyMatch(source -> source.startsWith(VsphereTarget.SCHEME + ":"));
        if (vsphereSource && (target.group == null || sources.size() != 1)) {
            throw new IllegalArgumentException("a vsphere:// source protects every disk of the VM as a group: give it"
                    + " as the only --source, with --group NAME");
        }
        if (!vsphereSource && vsphere != null && vsphere.given()) {
            throw new IllegalArgumentException("the vSphere options need a vsphere:// source");
        }
        if (vsphereSource) {
            return replicateVm(options, VsphereTarget.parse(sources.get(0)));
        }
        if (sources.stream().anyMatch(source -> source.startsWith(LibvirtTarget.SCHEME + ":"))) {
            return replicateDomain(options);
        }
        if (target.group != null) {
            return replicateGroup(options);
        }
        if (sources.size() != 1) {
            throw new IllegalArgumentException("--disk takes exactly one --source (got " + sources.size()
                    + "); use --group NAME to replicate several disks together");
        }
        try (ObjectStore store = top.openExistingStore();
                ConsoleProgress progress = top.progress();
                ChangedBlockSource blocks = SourceUri.open(sources.get(0))) {
            Repository repository = top.openRepository(store, options.cache());
            PointInfo point = new Replicator(repository, options, progress).replicate(target.disk, blocks);
            progress.close();
            if (json) {
                Json.print(Json.object(point), top.out());
            } else {
                top.out().println(point.id());
                top.out().flush();
            }
            report(point);
            top.note("store: " + top.storeStack().summary());
        }
        return ExitCodes.OK;
    }

    private Integer replicateGroup(ReplicateOptions options) throws IOException {
        String group = target.group;
        List<NamedSources.Named> named = new ArrayList<>();
        for (String source : sources) {
            int equals = source.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("--source " + source + ": with --group each source is NAME=URI,"
                        + " e.g. --source os=/images/vm-os.img");
            }
            named.add(new NamedSources.Named(DiskName.check(source.substring(0, equals)), source.substring(equals + 1)));
        }
        try (ObjectStore store = top.openExistingStore(); ConsoleProgress progress = top.progress()) {
            GroupReplicator.Result result = new MachineReplicator(top.openRepository(store, options.cache()), options, progress)
                    .replicate(group, new NamedSources(named), printing(progress));
            top.note(group + ": group point " + result.point().id() + " of " + result.disks().size() + " disks; store: "
                    + top.storeStack().summary());
        }
        return ExitCodes.OK;
    }

    /**
     * Every disk of a vSphere VM from one snapshot, by {@link MachineReplicator}: the group lease
     * first (opening the VM removes snapshots a dead run left), then the session, the disks, the
     * group point, and the snapshot's removal.
     */
    private Integer replicateVm(ReplicateOptions options, VsphereTarget vm) throws IOException {
        String group = target.group;
        VsphereOptions vmOptions = (vsphere == null ? new VsphereArguments() : vsphere).options(top.environment());
        try (ObjectStore store = top.openExistingStore(); ConsoleProgress progress = top.progress()) {
            GroupReplicator.Result result = new MachineReplicator(top.openRepository(store, options.cache()), options, progress)
                    .replicate(group, new VsphereMachine(vm, vmOptions), printing(progress));
            top.note(group + ": group point " + result.point().id() + " of " + result.disks().size()
                    + " disks of vSphere VM " + vm.vm() + "; snapshot removed; store: " + top.storeStack().summary());
        }
        return ExitCodes.OK;
    }

    /**
     * Every disk of a libvirt domain from one pull-mode backup ({@link LibvirtMachine}): the group
     * lease, the backup and its new checkpoint, the disks, the group point, then the job ended and
     * the older pilotlight checkpoints deleted.
     */
    private Integer replicateDomain(ReplicateOptions options) throws IOException {
        if (target.group == null || sources.size() != 1) {
            throw new IllegalArgumentException("a libvirt: source protects every disk of the domain as a group: give"
                    + " it as the only --source, with --group NAME");
        }
        LibvirtMachine domain = LibvirtMachine.parse(sources.get(0));
        try (ObjectStore store = top.openExistingStore(); ConsoleProgress progress = top.progress()) {
            GroupReplicator.Result result = new MachineReplicator(top.openRepository(store, options.cache()), options, progress)
                    .replicate(target.group, domain, printing(progress));
            top.note(target.group + ": group point " + result.point().id() + " of " + result.disks().size()
                    + " disks of libvirt domain " + domain.target().domain() + "; backup job ended; store: "
                    + top.storeStack().summary());
        }
        return ExitCodes.OK;
    }

    /**
     * Notes the session's warnings when it opens, and prints the group point as soon as it is
     * committed, before the machine's session closes (a vSphere snapshot's removal can still fail).
     */
    private MachineReplicator.Listener printing(ConsoleProgress progress) {
        return new MachineReplicator.Listener() {
            @Override
            public void sessionOpened(List<String> warnings) {
                warnings.forEach(warning -> top.note("warning: " + warning));
            }

            @Override
            public void committed(GroupReplicator.Result result) {
                progress.close();
                print(result);
            }
        };
    }

    private void print(GroupReplicator.Result result) {
        if (json) {
            Json.print(Json.object(result), top.out());
        } else {
            top.out().println(result.point().id());
            top.out().flush();
        }
        result.disks().forEach(this::report);
    }

    private void report(PointInfo point) {
        top.note(PointFormat.summary(point));
        point.warnings().forEach(warning -> top.note("warning: " + warning));
    }

    private ReplicateOptions options() {
        ReplicateOptions defaults = ReplicateOptions.defaults();
        if (workers != null && (workers < 1 || workers > 256)) {
            throw new IllegalArgumentException("--workers " + workers + ": must be between 1 and 256");
        }
        return new ReplicateOptions(workers == null ? defaults.workers() : workers, top.uploads(),
                noCache ? Optional.empty() : CacheDirectory.of(top.environment()));
    }
}
