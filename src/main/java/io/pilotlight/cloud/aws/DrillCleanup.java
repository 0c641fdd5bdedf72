package io.pilotlight.cloud.aws;

import java.io.IOException;
import java.util.List;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;

/**
 * Removes what drills left: every instance (not yet terminated) and every image carrying the tag
 * {@link Failover#TAG_DRILL}. Snapshots stay: they are the chain.
 */
public final class DrillCleanup {
    /** What was removed. */
    public record Removed(List<String> instances, List<String> images) {
        public Removed {
            instances = List.copyOf(instances);
            images = List.copyOf(images);
        }
    }

    private final AwsConnection aws;
    private final Retrying retrying;

    public DrillCleanup(AwsConnection aws, Retrying retrying) {
        this.aws = aws;
        this.retrying = retrying;
    }

    public Removed run() throws IOException {
        Filter drill = Filter.builder().name("tag-key").values(Failover.TAG_DRILL).build();
        Filter alive = Filter.builder().name("instance-state-name").values("pending", "running", "stopping",
                "stopped").build();
        List<String> instances = retrying.run("EC2 DescribeInstances tagged " + Failover.TAG_DRILL, () -> aws.ec2()
                .describeInstances(r -> r.filters(drill, alive)).reservations().stream()
                .map(Reservation::instances).flatMap(List::stream).map(Instance::instanceId).toList());
        if (!instances.isEmpty()) {
            retrying.run("EC2 TerminateInstances " + instances, () -> aws.ec2().terminateInstances(r -> r
                    .instanceIds(instances)));
        }
        List<String> images = retrying.run("EC2 DescribeImages tagged " + Failover.TAG_DRILL, () -> aws.ec2()
                .describeImages(r -> r.owners("self").filters(drill)).images().stream().map(i -> i.imageId()).toList());
        for (String image : images) {
            retrying.run("EC2 DeregisterImage " + image, () -> aws.ec2().deregisterImage(r -> r.imageId(image)));
        }
        return new Removed(instances, images);
    }
}
