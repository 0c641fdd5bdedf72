package io.pilotlight.testing.ebs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.pilotlight.testing.Slow;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ebs.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BootModeValues;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ImdsSupportValues;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * The fake's EC2 side through the real SDK client (no boot here: {@link FakeBootTest} boots). Slow lane:
 * loading the SDK's EC2 model alone takes ~10 s.
 */
@Slow
class FakeEc2Test {
    @TempDir
    Path temp;
    FakeAws aws;
    EbsClient ebs;
    Ec2Client ec2;

    @BeforeEach
    void start() throws Exception {
        aws = FakeAws.start(temp);
        ebs = aws.ebsClient();
        ec2 = aws.ec2Client();
    }

    @AfterEach
    void stop() {
        ebs.close();
        ec2.close();
        aws.close();
    }

    String completedSnapshot() throws Exception {
        String id = ebs.startSnapshot(r -> r.volumeSize(1L).timeout(60)
                .tags(t -> t.key("pilotlight:disk").value("vm1"))).snapshotId();
        byte[] data = FakeEbsTest.block(1);
        String sum = FakeEbsTest.checksum(data);
        ebs.putSnapshotBlock(r -> r.snapshotId(id).blockIndex(0).dataLength(data.length).checksum(sum)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256), RequestBody.fromBytes(data));
        ebs.completeSnapshot(r -> r.snapshotId(id).changedBlocksCount(1));
        return id;
    }

    String register(String snapshot, String name, boolean ena) {
        return ec2.registerImage(r -> r.name(name).rootDeviceName("/dev/xvda").virtualizationType("hvm")
                .enaSupport(ena).bootMode(BootModeValues.LEGACY_BIOS).imdsSupport(ImdsSupportValues.V2_0)
                .blockDeviceMappings(m -> m.deviceName("/dev/xvda").ebs(e -> e.snapshotId(snapshot)))
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.IMAGE)
                        .tags(t -> t.key("pilotlight:drill").value("yes")).build())).imageId();
    }

    @Test
    void imagesRegisterFromCompletedSnapshotsAndAreFoundByTag() throws Exception {
        String snapshot = completedSnapshot();
        String image = register(snapshot, "vm1-a", true);
        assertThat(ec2.describeImages(r -> r.filters(Filter.builder().name("tag:pilotlight:drill").values("yes")
                .build())).images()).singleElement().satisfies(i -> {
                    assertThat(i.imageId()).isEqualTo(image);
                    assertThat(i.blockDeviceMappings().get(0).ebs().snapshotId()).isEqualTo(snapshot);
                    assertThat(i.bootModeAsString()).isEqualTo("legacy-bios");
                });
        assertThatThrownBy(() -> register(snapshot, "vm1-a", true)).isInstanceOfSatisfying(Ec2Exception.class,
                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAMIName.Duplicate"));
        assertThatThrownBy(() -> ec2.deleteSnapshot(r -> r.snapshotId(snapshot)))
                .hasMessageContaining("currently in use by " + image);
        ec2.deregisterImage(r -> r.imageId(image));
        ec2.deleteSnapshot(r -> r.snapshotId(snapshot));
        assertThat(ec2.describeSnapshots(r -> r.filters(Filter.builder().name("tag:pilotlight:disk").values("vm1")
                .build())).snapshots()).isEmpty();
    }

    @Test
    void aPendingSnapshotCannotBeRegistered() {
        String id = ebs.startSnapshot(r -> r.volumeSize(1L).timeout(60)).snapshotId();
        assertThatThrownBy(() -> register(id, "x", true)).isInstanceOfSatisfying(Ec2Exception.class,
                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("IncorrectState"));
        assertThat(ec2.describeSnapshots(r -> r.snapshotIds(id)).snapshots().get(0).stateAsString())
                .isEqualTo("pending");
    }

    @Test
    void aNitroInstanceTypeNeedsAnImageWithEna() throws Exception {
        String image = register(completedSnapshot(), "no-ena", false);
        assertThatThrownBy(() -> ec2.runInstances(r -> r.imageId(image).instanceType("m5.large").minCount(1)
                .maxCount(1))).isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(
                        e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterCombination"))
                .hasMessageContaining("(ENA) is required");
        assertThatThrownBy(() -> ec2.runInstances(r -> r.imageId("ami-00000000000000999").instanceType("t2.micro")
                .minCount(1).maxCount(1))).hasMessageContaining("does not exist");
    }

    @Test
    void unsignedRequestsAndScriptedFaultsAreAnsweredAsEc2Does() {
        aws.throttle("DescribeInstances", 1);
        assertThatThrownBy(() -> ec2.describeInstances()).isInstanceOfSatisfying(Ec2Exception.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("RequestLimitExceeded");
            assertThat(e.statusCode()).isEqualTo(503);
        });
        assertThat(ec2.describeInstances().reservations()).isEmpty();
        try (Ec2Client stranger = Ec2Client.builder().endpointOverride(aws.endpoint()).region(FakeAws.REGION)
                .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                        "AKIAOTHER", "x")).build()) {
            assertThatThrownBy(stranger::describeInstances).isInstanceOfSatisfying(Ec2Exception.class,
                    e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AuthFailure"));
        }
    }
}
