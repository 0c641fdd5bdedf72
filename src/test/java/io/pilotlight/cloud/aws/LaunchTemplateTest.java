package io.pilotlight.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.cloud.CloudException;
import io.pilotlight.progress.ProgressListener;
import io.pilotlight.testing.SampleRepository;
import io.pilotlight.testing.ebs.FakeAws;
import io.pilotlight.testing.ebs.FakeInstance;
import io.pilotlight.testing.ebs.FakeTicker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cloud failover --launch-template}: RunInstances names the template (by id or name, at a
 * version), takes the settings it is not given from it, and the ones given override it. The fake's
 * instance is made to stop before it boots (no QEMU here): the launch is what is checked.
 */
class LaunchTemplateTest {
    @TempDir
    Path temp;
    FakeAws fake;
    AwsConnection aws;
    SampleRepository sample;
    String templateId;

    @BeforeEach
    void start() throws Exception {
        fake = FakeAws.start(temp.resolve("fake"));
        aws = new AwsConnection(fake.ebsClient(), fake.ec2Client(), FakeAws.REGION.id(), fake.endpoint().toString());
        sample = new SampleRepository(temp);
        templateId = aws.ec2().createLaunchTemplate(r -> r.launchTemplateName("pilotlight-dr").launchTemplateData(d -> d
                .instanceType("m5.large").keyName("dr-key").securityGroupIds("sg-0000000000000aaaa")))
                .launchTemplate().launchTemplateId();
        fake.ec2.bootFailure = "Server.InsufficientInstanceCapacity";
    }

    @AfterEach
    void stop() {
        aws.close();
        fake.close();
    }

    private FakeInstance failOver(Optional<String> instanceType, List<String> groups, LaunchTemplate template) {
        Retrying retrying = Retrying.defaults(new FakeTicker(), aws.endpoint());
        SnapshotSync sync = new SnapshotSync(sample.repository, aws, retrying, SyncOptions.defaults(),
                Clock.systemUTC(), ProgressListener.NONE);
        FailoverOptions options = new FailoverOptions("d1", false, "latest", instanceType, Optional.empty(), groups,
                Optional.empty(), FailoverOptions.BootMode.LEGACY_BIOS, Pattern.compile("NEVER"),
                Duration.ofSeconds(30), Duration.ofSeconds(30), true, true, Optional.of(template));
        assertThatThrownBy(() -> new Failover(sample.repository, sync, aws, retrying, Clock.systemUTC()).run(options))
                .isInstanceOf(CloudException.class).hasMessageContaining("InsufficientInstanceCapacity");
        return fake.instances().get(fake.instances().size() - 1);
    }

    @Test
    void theTemplateGivesWhatTheOptionsDoNotAndTheOptionsOverrideIt() {
        FakeInstance fromTemplate = failOver(Optional.empty(), List.of(), new LaunchTemplate(templateId,
                Optional.empty()));
        assertThat(fromTemplate.instanceType).isEqualTo("m5.large");
        assertThat(fromTemplate.keyName).isEqualTo("dr-key");
        assertThat(fromTemplate.securityGroups).containsExactly("sg-0000000000000aaaa");

        FakeInstance overridden = failOver(Optional.of("t3.small"), List.of("sg-0000000000000bbbb"),
                new LaunchTemplate("pilotlight-dr", Optional.of("$Latest")));
        assertThat(overridden.instanceType).isEqualTo("t3.small");
        assertThat(overridden.keyName).isEqualTo("dr-key");
        assertThat(overridden.securityGroups).containsExactly("sg-0000000000000bbbb");
    }

    @Test
    void anUnknownTemplateOrVersionIsNamedInTheError() {
        Retrying retrying = Retrying.defaults(new FakeTicker(), aws.endpoint());
        SnapshotSync sync = new SnapshotSync(sample.repository, aws, retrying, SyncOptions.defaults(),
                Clock.systemUTC(), ProgressListener.NONE);
        for (LaunchTemplate template : List.of(new LaunchTemplate("no-such-template", Optional.empty()),
                new LaunchTemplate(templateId, Optional.of("7")))) {
            FailoverOptions options = new FailoverOptions("d1", false, "latest", Optional.empty(), Optional.empty(),
                    List.of(), Optional.empty(), FailoverOptions.BootMode.LEGACY_BIOS, Pattern.compile("NEVER"),
                    Duration.ofSeconds(30), Duration.ofSeconds(30), true, true, Optional.of(template));
            assertThatThrownBy(() -> new Failover(sample.repository, sync, aws, retrying, Clock.systemUTC())
                    .run(options)).isInstanceOf(CloudException.class).hasMessageContaining("RunInstances")
                    .hasMessageContaining(template.idOrName().equals(templateId) ? "version 7" : "no-such-template");
        }
        assertThat(fake.instances()).isEmpty();
    }

    @Test
    void aBadIdOrVersionIsRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> new LaunchTemplate("a b", Optional.empty())).hasMessageContaining("--launch-template 'a b'");
        assertThatThrownBy(() -> new LaunchTemplate("lt-0123456789abcdef0", Optional.of("latest")))
                .hasMessageContaining("$Latest, $Default or a version number");
        assertThat(new LaunchTemplate("lt-0123456789abcdef0", Optional.empty()).isId()).isTrue();
        assertThat(new LaunchTemplate("web-dr", Optional.empty()).isId()).isFalse();
    }
}
