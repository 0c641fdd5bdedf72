package io.pilotlight.testing.ebs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The EC2 query API of the fake: images from snapshots, instances that boot them under QEMU, their
 * console output, snapshots listed and deleted. Answers are the XML the SDK parses.
 */
public final class FakeEc2 {
    /** Instance types whose images must have ENA support (Nitro), as AWS refuses otherwise. */
    private static final Predicate<String> NITRO = type -> type.matches("(m5|m6i|c5|c6i|r5|t3|t3a)\\..*");

    private final FakeEbs ebs;
    private final Path directory;
    final Map<String, FakeImage> images = new ConcurrentHashMap<>();
    final Map<String, FakeInstance> instances = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final FakeLaunchTemplates templates = new FakeLaunchTemplates();
    /** When set, instances stop before they boot, with this reason. */
    public volatile String bootFailure;

    FakeEc2(FakeEbs ebs, Path directory) throws IOException {
        this.ebs = ebs;
        this.directory = Files.createDirectories(directory);
    }

    /** An image of the fake: its root device and the snapshot behind each device. */
    public record FakeImage(String id, String name, String rootDevice, Map<String, String> snapshots,
            String bootMode, boolean enaSupport, String imdsSupport, Map<String, String> tags, boolean deregistered) {}

    void handle(String action, Exchange exchange) throws IOException {
        Map<String, String> form = exchange.form();
        Ec2Query query = new Ec2Query(form);
        String body = switch (action) {
            case "RegisterImage" -> registerImage(query);
            case "DescribeImages" -> new Ec2Descriptions(this, ebs).images(query);
            case "DeregisterImage" -> deregisterImage(query);
            case "RunInstances" -> runInstances(query);
            case "CreateLaunchTemplate" -> templates.create(query);
            case "DescribeInstances" -> new Ec2Descriptions(this, ebs).instances(query);
            case "GetConsoleOutput" -> consoleOutput(query);
            case "TerminateInstances" -> terminate(query);
            case "DescribeSnapshots" -> new Ec2Descriptions(this, ebs).snapshots(query);
            case "DeleteSnapshot" -> deleteSnapshot(query);
            default -> throw new AwsError(400, "InvalidAction", null, "The action " + action + " is not valid for"
                    + " this web service.");
        };
        exchange.xml(Ec2Xml.response(action, body));
    }

    private synchronized String registerImage(Ec2Query query) {
        String name = query.required("Name");
        if (images.values().stream().anyMatch(image -> !image.deregistered() && image.name().equals(name))) {
            throw AwsError.ec2("InvalidAMIName.Duplicate", "AMI name " + name + " is already in use by an AMI");
        }
        String root = query.required("RootDeviceName");
        Map<String, String> snapshots = new LinkedHashMap<>();
        for (Map<String, String> mapping : query.list("BlockDeviceMapping")) {
            String snapshot = mapping.get("Ebs.SnapshotId");
            FakeSnapshot found = ebs.snapshots.get(String.valueOf(snapshot));
            if (found == null || found.deleted) {
                throw AwsError.ec2("InvalidSnapshot.NotFound", "The snapshot '" + snapshot + "' does not exist.");
            }
            if (!found.status.equals("completed")) {
                throw AwsError.ec2("IncorrectState", "Snapshot '" + snapshot + "' is " + found.status
                        + ", not completed");
            }
            snapshots.put(mapping.get("DeviceName"), snapshot);
        }
        if (!snapshots.containsKey(root)) {
            throw AwsError.ec2("InvalidBlockDeviceMapping", "The root device " + root + " has no block device"
                    + " mapping with a snapshot");
        }
        if (!"hvm".equals(query.get("VirtualizationType"))) {
            throw AwsError.ec2("InvalidParameterValue", "VirtualizationType " + query.get("VirtualizationType")
                    + ": only hvm images boot from an EBS snapshot this way");
        }
        String bootMode = query.get("BootMode") == null ? "legacy-bios" : query.get("BootMode");
        if (!List.of("legacy-bios", "uefi").contains(bootMode)) {
            throw AwsError.ec2("InvalidParameterValue", "BootMode " + bootMode + " is not legacy-bios or uefi");
        }
        String id = String.format("ami-%017x", nextId.getAndIncrement());
        images.put(id, new FakeImage(id, name, root, snapshots, bootMode, "true".equals(query.get("EnaSupport")),
                query.get("ImdsSupport"), query.tags("image"), false));
        return Ec2Xml.element("imageId", id);
    }

    private synchronized String deregisterImage(Ec2Query query) {
        FakeImage image = image(query.required("ImageId"));
        images.put(image.id(), new FakeImage(image.id(), image.name(), image.rootDevice(), image.snapshots(),
                image.bootMode(), image.enaSupport(), image.imdsSupport(), image.tags(), true));
        return Ec2Xml.element("return", true);
    }

    FakeImage image(String id) {
        FakeImage image = images.get(id);
        if (image == null || image.deregistered()) {
            throw AwsError.ec2("InvalidAMIID.NotFound", "The image id '[" + id + "]' does not exist");
        }
        return image;
    }

    private String runInstances(Ec2Query query) {
        FakeImage image = image(query.required("ImageId"));
        FakeLaunchTemplates.FakeTemplate template = templates.of(query);
        String type = first(query.get("InstanceType"), template == null ? null : template.instanceType(), "m1.small");
        if (NITRO.test(type) && !image.enaSupport()) {
            throw AwsError.ec2("InvalidParameterCombination", "Enhanced networking with the Elastic Network Adapter"
                    + " (ENA) is required for the '" + type + "' instance type. Ensure that your instance '"
                    + image.id() + "' is enabled for ENA.");
        }
        String subnet = query.get("SubnetId");
        if (subnet != null && !subnet.matches("subnet-[0-9a-f]{8,17}")) {
            throw AwsError.ec2("InvalidSubnetID.Malformed", "The subnet ID '" + subnet + "' is malformed");
        }
        List<String> groups = new ArrayList<>(query.values("SecurityGroupId"));
        if (groups.isEmpty() && template != null) {
            groups.addAll(template.securityGroups());
        }
        for (String group : groups) {
            if (!group.matches("sg-[0-9a-f]{8,17}")) {
                throw AwsError.ec2("InvalidGroupId.Malformed", "Invalid id: \"" + group + "\"");
            }
        }
        if (!"1".equals(query.get("MinCount")) || !"1".equals(query.get("MaxCount"))) {
            throw AwsError.ec2("InvalidParameterValue", "the fake runs one instance at a time (MinCount=MaxCount=1)");
        }
        String id = String.format("i-%017x", nextId.getAndIncrement());
        FakeInstance instance = new FakeInstance(id, image.id(), type, subnet, groups, first(query.get("KeyName"),
                template == null ? null : template.keyName(), null),
                query.tags("instance"), directory);
        instances.put(id, instance);
        List<FakeSnapshot> volumes = new ArrayList<>();
        volumes.add(ebs.snapshots.get(image.snapshots().get(image.rootDevice())));
        image.snapshots().forEach((device, snapshot) -> {
            if (!device.equals(image.rootDevice())) {
                volumes.add(ebs.snapshots.get(snapshot));
            }
        });
        if (bootFailure != null) {
            instance.failBoot(bootFailure);
            return Ec2Xml.element("reservationId", "r-" + id.substring(2)) + Ec2Xml.element("ownerId", FakeAws.ACCOUNT)
                    + "<instancesSet>" + Ec2Descriptions.instance(instance) + "</instancesSet>";
        }
        Thread boot = new Thread(() -> instance.boot(volumes, image.bootMode(), directory), "fake-boot-" + id);
        boot.setDaemon(true);
        boot.start();
        return Ec2Xml.element("reservationId", "r-" + id.substring(2)) + Ec2Xml.element("ownerId", FakeAws.ACCOUNT)
                + "<instancesSet>" + Ec2Descriptions.instance(instance) + "</instancesSet>";
    }

    /** The request's value, else the launch template's, else the default. */
    private static String first(String given, String fromTemplate, String otherwise) {
        return given != null ? given : fromTemplate != null ? fromTemplate : otherwise;
    }

    FakeInstance instance(String id) {
        FakeInstance instance = instances.get(id);
        if (instance == null) {
            throw AwsError.ec2("InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist");
        }
        return instance;
    }

    private String consoleOutput(Ec2Query query) throws IOException {
        FakeInstance instance = instance(query.required("InstanceId"));
        return Ec2Xml.element("instanceId", instance.id) + Ec2Xml.element("timestamp", java.time.Instant.now())
                + Ec2Xml.element("output", Base64.getEncoder().encodeToString(instance.console()));
    }

    private String terminate(Ec2Query query) {
        StringBuilder items = new StringBuilder("<instancesSet>");
        for (String id : query.values("InstanceId")) {
            FakeInstance instance = instance(id);
            String previous = instance.state();
            int previousCode = instance.stateCode();
            instance.terminate();
            items.append("<item>").append(Ec2Xml.element("instanceId", id)).append("<currentState><code>48</code>"
                    + "<name>terminated</name></currentState><previousState>").append(Ec2Xml.element("code",
                    previousCode)).append(Ec2Xml.element("name", previous)).append("</previousState></item>");
        }
        return items.append("</instancesSet>").toString();
    }

    private synchronized String deleteSnapshot(Ec2Query query) {
        String id = query.required("SnapshotId");
        FakeSnapshot snapshot = ebs.snapshots.get(id);
        if (snapshot == null || snapshot.deleted) {
            throw AwsError.ec2("InvalidSnapshot.NotFound", "The snapshot '" + id + "' does not exist.");
        }
        for (FakeImage image : images.values()) {
            if (!image.deregistered() && image.snapshots().containsValue(id)) {
                throw AwsError.ec2("InvalidSnapshot.InUse", "The snapshot " + id + " is currently in use by "
                        + image.id());
            }
        }
        snapshot.deleted = true;
        return Ec2Xml.element("return", true);
    }

    /** Every instance, in launch order. */
    public List<FakeInstance> instances() {
        return instances.values().stream().sorted(java.util.Comparator.comparing(i -> i.id)).toList();
    }

    public List<FakeImage> images() {
        return images.values().stream().sorted(java.util.Comparator.comparing(FakeImage::id)).toList();
    }

    void close() {
        instances.values().forEach(FakeInstance::terminate);
    }
}
