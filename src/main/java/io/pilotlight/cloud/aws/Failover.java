package io.pilotlight.cloud.aws;

import io.pilotlight.cloud.CloudException;
import io.pilotlight.cloud.CloudException.Kind;
import java.io.IOException;
import io.pilotlight.repo.GroupPoint;
import io.pilotlight.repo.Manifest;
import io.pilotlight.repo.Repository;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.ArchitectureValues;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.ImdsSupportValues;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/**
 * Fails a disk (or a group's disks) over into EC2: syncs its point if it is not synced yet, registers
 * an image from the snapshot (root device {@code /dev/xvda}, a group's other disks {@code /dev/sdb}…, hvm, ENA, the boot mode, IMDSv2 only), runs one instance of
 * it, waits until it runs and until its console shows the heartbeat ({@link InstanceWatch}), and
 * times each phase; with a {@link PortCheck}, then until a TCP connection to the instance opens. A drill terminates the instance and deregisters the image afterwards, passed or
 * not; everything it makes carries the tag {@link #TAG_DRILL}, so {@link DrillCleanup} finds what a
 * killed drill left.
 */
public final class Failover {
    public static final String TAG_DRILL = "pilotlight:drill";
    public static final String TAG_GROUP = "pilotlight:group";
    static final String ROOT_DEVICE = "/dev/xvda";

    private final Repository repository;
    private final SnapshotSync sync;
    private final AwsConnection aws;
    private final Retrying retrying;
    private final Clock clock;

    public Failover(Repository repository, SnapshotSync sync, AwsConnection aws, Retrying retrying, Clock clock) {
        this.repository = repository;
        this.sync = sync;
        this.aws = aws;
        this.retrying = retrying;
        this.clock = clock;
    }

    public FailoverResult run(FailoverOptions options) throws IOException {
        return run(options, Optional.empty());
    }

    /** As {@link #run(FailoverOptions)}, then, after the heartbeat, the port check if one is given. */
    public FailoverResult run(FailoverOptions options, Optional<PortCheck> portCheck) throws IOException {
        long started = now();
        List<GroupPoint.Member> members = members(options);
        if (options.guestCheck()) {
            Manifest root = repository.manifest(members.get(0).disk(), members.get(0).point());
            Optional<String> vmImport = new GuestProbe(repository, root).needsVmImport();
            if (vmImport.isPresent()) {
                throw new CloudException(Kind.REFUSED, vmImport.get());
            }
        }
        List<SnapshotRecord> records = new ArrayList<>();
        long blocks = 0;
        for (GroupPoint.Member member : members) {
            SyncResult synced = sync.sync(member.disk(), member.point());
            records.add(synced.record());
            blocks += synced.blocksWritten();
        }
        long syncMillis = millisSince(started);
        SnapshotRecord record = records.get(0);
        long registering = now();
        List<Tag> tags = tags(record, options);
        String image = register(records, options, tags);
        long registerMillis = millisSince(registering);
        String instance = null;
        boolean cleaned = false;
        try {
            long launching = now();
            instance = launch(image, options, tags);
            InstanceWatch watch = new InstanceWatch(aws, retrying, instance);
            watch.awaitRunning(options.runningLimit());
            long runningMillis = millisSince(launching);
            long booting = now();
            String line = watch.awaitHeartbeat(options.heartbeat(), options.heartbeatLimit());
            long heartbeatMillis = millisSince(booting);
            Optional<FailoverResult.PortAnswer> port = portCheck.isPresent()
                    ? Optional.of(checkPort(instance, watch, portCheck.get())) : Optional.empty();
            if (options.drill()) {
                cleaned = removeDrill(instance, image);
            }
            return new FailoverResult(options.name(), options.group() ? members.get(0).point() : record.point(),
                    record.snapshotId(), records.stream().skip(1).map(SnapshotRecord::snapshotId).toList(), image,
                    instance, syncMillis, blocks, registerMillis, runningMillis, heartbeatMillis, line, options.drill(),
                    cleaned, port);
        } finally {
            if (options.drill() && !cleaned) {
                removeDrill(instance, image);
            }
        }
    }

    private FailoverResult.PortAnswer checkPort(String instance, InstanceWatch watch, PortCheck check)
            throws IOException {
        long connecting = now();
        String address = watch.address();
        String line = new PortWatch(retrying.ticker()).await(instance, address, check);
        return new FailoverResult.PortAnswer(address, check.port(), millisSince(connecting), line);
    }

    private List<Tag> tags(SnapshotRecord record, FailoverOptions options) {
        List<Tag> tags = new ArrayList<>(List.of(tag(SnapshotSync.TAG_DISK, record.disk()),
                tag(SnapshotSync.TAG_POINT, record.point())));
        if (options.group()) {
            tags.add(tag(TAG_GROUP, options.name()));
        }
        if (options.drill()) {
            tags.add(tag(TAG_DRILL, clock.instant().toString()));
        }
        return tags;
    }

    /** The disk points to fail over: the disk's, or every member of the group point (the first is the root). */
    private List<GroupPoint.Member> members(FailoverOptions options) throws IOException {
        if (options.group()) {
            return repository.groupPoint(Repository.checkGroup(options.name()), options.point()).disks();
        }
        Manifest point = repository.manifest(Repository.checkDisk(options.name()), options.point());
        return List.of(new GroupPoint.Member(point.disk(), point.disk(), point.id(), point.diskSize(), point.digest()));
    }

    private String register(List<SnapshotRecord> records, FailoverOptions options, List<Tag> tags) throws IOException {
        SnapshotRecord root = records.get(0);
        String name = "pilotlight-" + options.name() + "-" + root.point() + "-" + clock.millis();
        List<BlockDeviceMapping> mappings = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            String snapshot = records.get(i).snapshotId();
            mappings.add(BlockDeviceMapping.builder().deviceName(i == 0 ? ROOT_DEVICE : "/dev/sd" + (char) ('a' + i))
                    .ebs(e -> e.snapshotId(snapshot).deleteOnTermination(true).volumeType(VolumeType.GP3)).build());
        }
        return retrying.run("EC2 RegisterImage from " + root.snapshotId(), () -> aws.ec2().registerImage(r -> r
                .name(name).description("pilotlight " + options.name() + " point " + root.point())
                .architecture(ArchitectureValues.X86_64).rootDeviceName(ROOT_DEVICE).virtualizationType("hvm")
                .enaSupport(true).bootMode(options.bootMode().awsName).imdsSupport(ImdsSupportValues.V2_0)
                .blockDeviceMappings(mappings)
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.IMAGE).tags(tags).build()))
                .imageId());
    }

    private String launch(String image, FailoverOptions options, List<Tag> tags) throws IOException {
        return retrying.run("EC2 RunInstances of " + image, () -> aws.ec2().runInstances(r -> {
            r.imageId(image).minCount(1).maxCount(1)
                    .metadataOptions(m -> m.httpTokens(HttpTokensState.REQUIRED))
                    .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(tags)
                            .build());
            options.instanceType().ifPresent(r::instanceType);
            options.launchTemplate().ifPresent(template -> r.launchTemplate(template.specification()));
            options.subnetId().ifPresent(r::subnetId);
            if (!options.securityGroupIds().isEmpty()) {
                r.securityGroupIds(options.securityGroupIds());
            }
            options.keyName().ifPresent(r::keyName);
        }).instances().get(0).instanceId());
    }

    /** Terminates the drill's instance and deregisters its image; whether both went. */
    private boolean removeDrill(String instance, String image) throws CloudException {
        try {
            if (instance != null) {
                retrying.run("EC2 TerminateInstances of " + instance, () -> aws.ec2().terminateInstances(r -> r
                        .instanceIds(instance)));
            }
            retrying.run("EC2 DeregisterImage of " + image, () -> aws.ec2().deregisterImage(r -> r.imageId(image)));
            return true;
        } catch (java.io.InterruptedIOException e) {
            Thread.currentThread().interrupt();
            throw new CloudException(Kind.INSTANCE_FAILED, "interrupted while removing drill instance " + instance
                    + " and image " + image + "; run pilotlight cloud cleanup", e);
        }
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private long now() {
        return retrying.ticker().nanoTime();
    }

    private long millisSince(long startedNanos) {
        return (now() - startedNanos) / 1_000_000;
    }
}
