package io.pilotlight.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.cli.Main;
import io.pilotlight.testing.Slow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The choice as a user makes it: {@code PILOTLIGHT_CRYPTO} in a fresh process, seen in {@code --version}. */
@Slow
class CryptoChoiceChildJvmTest {
    @Test
    void nativeByDefault() throws Exception {
        Result result = run(null);
        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("crypto: AmazonCorrettoCryptoProvider 2.");
    }

    @Test
    void theJdksOnRequest() throws Exception {
        Result result = run("jdk");
        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("crypto: JDK providers (chosen by PILOTLIGHT_CRYPTO=jdk)");
    }

    @Test
    void anUnknownChoiceIsAUsageError() throws Exception {
        Result result = run("fastest");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("pilotlight: PILOTLIGHT_CRYPTO=fastest is neither 'native' nor 'jdk'\n");
    }

    private record Result(int code, String out, String err) {}

    private static Result run(String choice) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--version"));
        builder.environment().remove(CryptoProviders.VARIABLE);
        if (choice != null) {
            builder.environment().put(CryptoProviders.VARIABLE, choice);
        }
        Process process = builder.start();
        process.getOutputStream().close();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("child finished").isTrue();
        return new Result(process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
