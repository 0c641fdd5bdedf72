package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import io.pilotlight.testing.Slow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --tls-keystore}: NBD STARTTLS with an X.509 certificate made at test time by keytool;
 * libnbd's nbdinfo and nbdcopy and qemu-img (tls-creds-x509) read the point over TLS, verifying the
 * certificate, and a client
 * without TLS is refused (issue 19, defect 5).
 */
@Slow
class ServeTlsTest {
    @TempDir
    Path temp;

    @Test
    void aTlsClientReadsThePointAndAPlainOneIsRefused() throws Exception {
        String repo = temp.resolve("repo").toString();
        Path image = temp.resolve("disk.img");
        byte[] content = new byte[2 << 20];
        new Random(5).nextBytes(content);
        Files.write(image, content);
        assertThat(CliRun.run("init", "--repo", repo).exitCode()).isZero();
        assertThat(CliRun.run("replicate", "--repo", repo, "--disk", "vm-1", "--source", "file:" + image).exitCode())
                .isZero();
        Path keystore = temp.resolve("server.p12");
        Path password = Files.writeString(temp.resolve("password"), "s3cret-pass\n");
        Path certificates = Files.createDirectories(temp.resolve("pki"));
        run("keytool", "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-ext", "BC:c=ca:true", // qemu: a CA
                "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "s3cret-pass");
        run("keytool", "-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(), "-storepass",
                "s3cret-pass", "-file", certificates.resolve("ca-cert.pem").toString());
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        RunningCli serve = RunningCli.start("serve", "--repo", repo, "--disk", "vm-1", "--listen",
                "tcp:127.0.0.1:" + port, "--tls-keystore", keystore.toString(), "--tls-password-file",
                password.toString());
        serve.awaitErr("interrupt to stop");
        assertThat(serve.out()).startsWith("nbds://127.0.0.1:" + port + "/vm-1");
        String secure = "nbds://127.0.0.1:" + port + "/vm-1?tls-certificates=" + certificates;
        assertThat(run("nbdinfo", "--size", secure).strip()).isEqualTo(Integer.toString(content.length));
        Path copy = temp.resolve("copy.img");
        run("nbdcopy", secure, copy.toString());
        assertThat(Files.readAllBytes(copy)).isEqualTo(content);
        Path converted = temp.resolve("converted.img");
        run("qemu-img", "convert", "--object", "tls-creds-x509,id=tls0,dir=" + certificates + ",endpoint=client",
                "--image-opts", "driver=nbd,host=127.0.0.1,port=" + port + ",export=vm-1,tls-creds=tls0", "-O", "raw",
                converted.toString());
        assertThat(Files.readAllBytes(converted)).isEqualTo(content);

        Process plain = new ProcessBuilder("nbdinfo", "--size", "nbd://127.0.0.1:" + port + "/vm-1")
                .redirectErrorStream(true).start();
        String refused = new String(plain.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(plain.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(plain.exitValue()).as(refused).isNotZero();
        assertThat(refused).contains("TLS");
        assertThat(serve.interrupt().exitCode()).as("serve ends normally when interrupted").isZero();
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        process.getInputStream().transferTo(out);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("%s: %s", String.join(" ", command), text).isZero();
        return text;
    }
}
