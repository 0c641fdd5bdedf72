package io.pilotlight.testing.ebs;

import java.nio.file.Path;

/**
 * Runs the fake EC2/EBS endpoint on its own, for bench/cloud.sh and the session in docs/failover.md:
 * {@code FakeAwsMain DIR} prints the endpoint URL on stdout, then serves until killed; at exit it
 * prints on stderr the PutSnapshotBlock requests it accepted.
 */
public final class FakeAwsMain {
    private FakeAwsMain() {}

    public static void main(String[] args) throws Exception {
        FakeAws aws = FakeAws.start(Path.of(args[0]));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("fake-aws: " + aws.blocksPut() + " blocks put, " + aws.snapshots().size()
                    + " snapshots");
            aws.close();
        }));
        System.out.println(aws.endpoint());
        System.out.flush();
        Thread.currentThread().join();
    }
}
