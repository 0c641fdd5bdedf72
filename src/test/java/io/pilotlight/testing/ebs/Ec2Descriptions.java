package io.pilotlight.testing.ebs;

import java.util.List;
import java.util.Map;

/** DescribeImages, DescribeInstances and DescribeSnapshots of the fake: by id, or all that pass the filters. */
final class Ec2Descriptions {
    private final FakeEc2 ec2;
    private final FakeEbs ebs;

    Ec2Descriptions(FakeEc2 ec2, FakeEbs ebs) {
        this.ec2 = ec2;
        this.ebs = ebs;
    }

    String images(Ec2Query query) {
        List<String> ids = query.values("ImageId");
        StringBuilder set = new StringBuilder("<imagesSet>");
        for (FakeEc2.FakeImage image : ids.isEmpty() ? ec2.images().stream().filter(i -> !i.deregistered()).toList()
                : ids.stream().map(ec2::image).toList()) {
            if (!query.matches(image.tags(), "available")) {
                continue;
            }
            set.append("<item>").append(Ec2Xml.element("imageId", image.id())).append(Ec2Xml.element("name",
                    image.name())).append(Ec2Xml.element("imageState", "available")).append(Ec2Xml.element(
                    "imageOwnerId", FakeAws.ACCOUNT)).append(Ec2Xml.element("rootDeviceName", image.rootDevice()))
                    .append(Ec2Xml.element("rootDeviceType", "ebs")).append(Ec2Xml.element("virtualizationType",
                    "hvm")).append(Ec2Xml.element("enaSupport", image.enaSupport())).append(Ec2Xml.element(
                    "bootMode", image.bootMode())).append("<blockDeviceMapping>");
            image.snapshots().forEach((device, snapshot) -> set.append("<item>").append(Ec2Xml.element("deviceName",
                    device)).append("<ebs>").append(Ec2Xml.element("snapshotId", snapshot)).append("</ebs></item>"));
            set.append("</blockDeviceMapping>").append(Ec2Xml.tagSet(image.tags())).append("</item>");
        }
        return set.append("</imagesSet>").toString();
    }

    String instances(Ec2Query query) {
        List<String> ids = query.values("InstanceId");
        StringBuilder set = new StringBuilder("<reservationSet>");
        for (FakeInstance instance : ids.isEmpty() ? ec2.instances() : ids.stream().map(ec2::instance).toList()) {
            if (query.matches(instance.tags, instance.state())) {
                set.append("<item>").append(Ec2Xml.element("reservationId", "r-" + instance.id.substring(2)))
                        .append(Ec2Xml.element("ownerId", FakeAws.ACCOUNT)).append("<instancesSet>")
                        .append(instance(instance)).append("</instancesSet></item>");
            }
        }
        return set.append("</reservationSet>").toString();
    }

    static String instance(FakeInstance instance) {
        StringBuilder item = new StringBuilder("<item>").append(Ec2Xml.element("instanceId", instance.id))
                .append(Ec2Xml.element("imageId", instance.imageId)).append("<instanceState>")
                .append(Ec2Xml.element("code", instance.stateCode())).append(Ec2Xml.element("name", instance.state()))
                .append("</instanceState>").append(Ec2Xml.element("instanceType", instance.instanceType))
                .append(Ec2Xml.element("launchTime", java.time.Instant.ofEpochMilli(instance.launchedMillis)));
        if (instance.state().equals("running")) {
            item.append(Ec2Xml.element("privateIpAddress", instance.address))
                    .append(Ec2Xml.element("ipAddress", instance.address));
        }
        if (instance.subnetId != null) {
            item.append(Ec2Xml.element("subnetId", instance.subnetId));
        }
        if (instance.keyName != null) {
            item.append(Ec2Xml.element("keyName", instance.keyName));
        }
        item.append("<groupSet>");
        instance.securityGroups.forEach(group -> item.append("<item>").append(Ec2Xml.element("groupId", group))
                .append("</item>"));
        item.append("</groupSet>");
        if (instance.bootFailure() != null) {
            item.append("<stateReason>").append(Ec2Xml.element("code", "Server.InternalError"))
                    .append(Ec2Xml.element("message", "Server.InternalError: " + instance.bootFailure()))
                    .append("</stateReason>");
        }
        return item.append(Ec2Xml.tagSet(instance.tags)).append("</item>").toString();
    }

    String snapshots(Ec2Query query) {
        List<String> ids = query.values("SnapshotId");
        StringBuilder set = new StringBuilder("<snapshotSet>");
        List<FakeSnapshot> chosen = ids.isEmpty() ? ebs.all().stream().filter(s -> !s.deleted).toList()
                : ids.stream().map(id -> {
                    FakeSnapshot snapshot = ebs.snapshots.get(id);
                    if (snapshot == null || snapshot.deleted) {
                        throw AwsError.ec2("InvalidSnapshot.NotFound", "The snapshot '" + id + "' does not exist.");
                    }
                    return snapshot;
                }).toList();
        for (FakeSnapshot snapshot : chosen) {
            if (query.matches(snapshot.tags, snapshot.status)) {
                set.append("<item>").append(Ec2Xml.element("snapshotId", snapshot.id)).append(Ec2Xml.element(
                        "status", snapshot.status)).append(Ec2Xml.element("volumeSize", snapshot.volumeSizeGib))
                        .append(Ec2Xml.element("encrypted", snapshot.encrypted)).append(Ec2Xml.element("ownerId",
                        FakeAws.ACCOUNT)).append(Ec2Xml.element("progress", snapshot.status.equals("completed")
                        ? "100%" : "0%")).append(Ec2Xml.tagSet(snapshot.tags)).append("</item>");
            }
        }
        return set.append("</snapshotSet>").toString();
    }

}
