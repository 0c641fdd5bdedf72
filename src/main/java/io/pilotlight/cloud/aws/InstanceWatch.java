package io.pilotlight.cloud.aws;

import io.pilotlight.cloud.CloudException;
import io.pilotlight.cloud.CloudException.Kind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * Watches one instance: until it is {@code running} (failing if it stops or terminates), then until
 * a line of its serial console ({@code GetConsoleOutput} with {@code Latest}, base64 as EC2 sends it)
 * matches the heartbeat. Every wait has a limit; the error then names the state or the last lines.
 */
final class InstanceWatch {
    private static final Duration POLL = Duration.ofSeconds(1);

    private final AwsConnection aws;
    private final Retrying retrying;
    private final String instance;

    InstanceWatch(AwsConnection aws, Retrying retrying, String instance) {
        this.aws = aws;
        this.retrying = retrying;
        this.instance = instance;
    }

    void awaitRunning(Duration limit) throws IOException {
        long deadline = retrying.ticker().nanoTime() + limit.toNanos();
        while (true) {
            Instance described = describe();
            String state = described.state().nameAsString();
            if (state.equals("running")) {
                return;
            }
            if (!state.equals("pending")) {
                throw new CloudException(Kind.INSTANCE_FAILED, "instance " + instance + " is " + state
                        + " instead of running" + (described.stateReason() == null ? ""
                        : ": " + described.stateReason().message()));
            }
            if (retrying.ticker().nanoTime() > deadline) {
                throw new CloudException(Kind.INSTANCE_FAILED, "instance " + instance + " is still pending after "
                        + limit.toSeconds() + " s");
            }
            pause();
        }
    }

    /** The first console line matching {@code heartbeat}. */
    String awaitHeartbeat(Pattern heartbeat, Duration limit) throws IOException {
        long deadline = retrying.ticker().nanoTime() + limit.toNanos();
        String console = "";
        while (true) {
            console = console();
            for (String line : console.split("\r?\n|\r")) {
                if (heartbeat.matcher(line).find()) {
                    return line.strip();
                }
            }
            if (retrying.ticker().nanoTime() > deadline) {
                throw new CloudException(Kind.NO_HEARTBEAT, "instance " + instance + " showed no console line matching '"
                        + heartbeat + "' in " + limit.toSeconds() + " s; its console ends: " + tail(console));
            }
            String state = describe().state().nameAsString();
            if (!state.equals("running")) {
                throw new CloudException(Kind.INSTANCE_FAILED, "instance " + instance + " is " + state
                        + " before its heartbeat; its console ends: " + tail(console));
            }
            pause();
        }
    }

    /** The address to reach the instance at: its public IPv4 address, else its private one. */
    String address() throws IOException {
        Instance described = describe();
        String address = described.publicIpAddress() != null ? described.publicIpAddress()
                : described.privateIpAddress();
        if (address == null) {
            throw new CloudException(Kind.INSTANCE_FAILED, "instance " + instance + " has no IP address to check a"
                    + " port on");
        }
        return address;
    }

    private Instance describe() throws IOException {
        return retrying.run("EC2 DescribeInstances of " + instance, () -> aws.ec2().describeInstances(r -> r
                .instanceIds(instance)).reservations().get(0).instances().get(0));
    }

    private String console() throws IOException {
        String output = retrying.run("EC2 GetConsoleOutput of " + instance, () -> aws.ec2().getConsoleOutput(r -> r
                .instanceId(instance).latest(true)).output());
        if (output == null) {
            return "";
        }
        try {
            return new String(Base64.getMimeDecoder().decode(output), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return output;
        }
    }

    private static String tail(String console) {
        List<String> lines = console.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
        if (lines.isEmpty()) {
            return "(nothing)";
        }
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }

    private void pause() throws InterruptedIOException {
        try {
            retrying.ticker().sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while watching instance " + instance);
        }
    }
}
