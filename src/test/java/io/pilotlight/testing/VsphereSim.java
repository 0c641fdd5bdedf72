package io.pilotlight.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Assumptions;

/**
 * A vCenter simulator with changed block tracking, for tests: govmomi's simulator plus the Go
 * program in {@code testing/vsphere-sim} (see its README). Each VM's disks are flat files in
 * {@code workDir}; tests write into {@link #diskFile} between snapshots. VMs start with change
 * tracking off, as real VMs do: enable it with ReconfigVM_Task or {@link #setChangeTracking}.
 */
public final class VsphereSim implements AutoCloseable {
    /** A VM to create: its name and one disk per size in bytes (each a positive multiple of 1024). */
    public record VmSpec(String name, long... diskSizes) {
        public VmSpec {
            java.util.Objects.requireNonNull(name, "name is null");
            if (diskSizes.length == 0) {
                throw new IllegalArgumentException("VM " + name + ": give at least one disk size");
            }
        }
    }

    private static final String GOVMOMI = "/usr/share/gocode/src/github.com/vmware/govmomi/simulator";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);
    private static Path binary;

    private final Process process;
    private final JsonNode ready;
    private final SSLContext sslContext;
    private final HttpClient control;
    private final Thread shutdownHook;

    private VsphereSim(Process process, JsonNode ready) {
        this.process = process;
        this.ready = ready;
        this.sslContext = pinnedContext(ready.get("thumbprint").asText());
        this.control = HttpClient.newBuilder().sslContext(sslContext).connectTimeout(Duration.ofSeconds(10)).build();
        this.shutdownHook = new Thread(process::destroyForcibly, "vsphere-sim-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Builds the Go program once per JVM (cached under target/vsphere-sim, rebuilt when sources are
     * newer) and starts it in workDir. When golang-go or the govmomi package is missing, aborts the
     * test with a JUnit assumption whose message says what to install.
     */
    public static VsphereSim start(Path workDir, VmSpec... vms) throws IOException {
        Path program = build();
        List<String> command = new ArrayList<>(List.of(program.toString(), "-dir", workDir.toAbsolutePath().toString(),
                "-watch-stdin"));
        for (VmSpec vm : vms) {
            StringBuilder flag = new StringBuilder(vm.name()).append('=');
            for (int i = 0; i < vm.diskSizes().length; i++) {
                flag.append(i == 0 ? "" : ",").append(vm.diskSizes()[i]);
            }
            command.addAll(List.of("-vm", flag.toString()));
        }
        Files.createDirectories(workDir);
        Path log = workDir.resolve("vsphere-sim.log");
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> firstLine(process));
        try {
            String json = line.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (json == null) {
                throw new IOException("vsphere-sim exited before it was ready: " + Files.readString(log));
            }
            return new VsphereSim(process, new ObjectMapper().readTree(json));
        } catch (InterruptedException | ExecutionException | TimeoutException | IOException e) {
            process.destroyForcibly();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("vsphere-sim did not start within " + START_TIMEOUT.toSeconds() + " s ("
                    + e + "): " + (Files.exists(log) ? Files.readString(log) : ""), e);
        }
    }

    private static String firstLine(Process process) {
        try {
            return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The built program, building it when missing or older than its sources. */
    private static synchronized Path build() throws IOException {
        if (binary != null) {
            return binary;
        }
        Path sources = projectRoot().resolve("testing/vsphere-sim");
        Assumptions.assumeTrue(onPath("go"), "go is not installed: apt-get install golang-go golang-github-vmware-govmomi-dev");
        Assumptions.assumeTrue(Files.isDirectory(Path.of(GOVMOMI)),
                "govmomi's simulator is not installed: apt-get install golang-github-vmware-govmomi-dev");
        Path out = projectRoot().resolve("target/vsphere-sim");
        Path program = out.resolve("vsphere-sim");
        if (!Files.exists(program) || newestSource(sources).compareTo(Files.getLastModifiedTime(program)) > 0) {
            Files.createDirectories(out);
            Path log = out.resolve("build.log");
            Process build = new ProcessBuilder(sources.resolve("build.sh").toString(), out.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                if (!build.waitFor(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    build.destroyForcibly();
                    throw new IOException("building vsphere-sim took over " + BUILD_TIMEOUT.toMinutes() + " min");
                }
            } catch (InterruptedException e) {
                build.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while building vsphere-sim", e);
            }
            if (build.exitValue() != 0) {
                throw new IOException("building vsphere-sim failed (exit " + build.exitValue() + "): " + Files.readString(log));
            }
        }
        binary = program;
        return program;
    }

    private static FileTime newestSource(Path sources) throws IOException {
        try (Stream<Path> files = Files.list(sources)) {
            FileTime newest = FileTime.fromMillis(0);
            for (Path file : (Iterable<Path>) files::iterator) {
                FileTime time = Files.getLastModifiedTime(file);
                newest = time.compareTo(newest) > 0 ? time : newest;
            }
            return newest;
        }
    }

    private static Path projectRoot() {
        Path dir = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("testing/vsphere-sim/build.sh"))) {
                return p;
            }
        }
        throw new IllegalStateException("testing/vsphere-sim/build.sh not found above " + dir);
    }

    private static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** An SSL context that trusts exactly the certificate with this SHA-256 thumbprint. */
    private static SSLContext pinnedContext(String thumbprint) {
        X509TrustManager pinned = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("client certificates are not checked here");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                String actual = sha256(chain[0].getEncoded());
                if (!actual.equals(thumbprint)) {
                    throw new CertificateException("server certificate " + actual + " is not the simulator's " + thumbprint);
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {pinned}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public URI sdkUri() {
        return URI.create(ready.get("url").asText());
    }

    public String host() {
        return ready.get("host").asText();
    }

    public int port() {
        return ready.get("port").asInt();
    }

    public String username() {
        return ready.get("username").asText();
    }

    public String password() {
        return ready.get("password").asText();
    }

    /** SHA-256 of the server certificate, lowercase hex, no colons. */
    public String thumbprint() {
        return ready.get("thumbprint").asText();
    }

    /** An SSL context trusting only the simulator's certificate (by {@link #thumbprint()}). */
    public SSLContext sslContext() {
        return sslContext;
    }

    /** The datacenter's name, for {@code dcPath=} of datastore URLs. */
    public String datacenter() {
        return ready.get("datacenter").asText();
    }

    /** The datastore's name, for {@code dsName=} and {@code [datastore] path} names. */
    public String datastore() {
        return ready.get("datastore").asText();
    }

    /** The VM's managed object id (moref value), e.g. {@code vm-20}. */
    public String vmMoref(String vm) {
        return vm(vm).get("moref").asText();
    }

    /** The device key of the VM's disk (0-based), 2000 and up as in vSphere. */
    public int diskKey(String vm, int disk) {
        return disk(vm, disk).get("key").asInt();
    }

    /** The backing fileName of the VM's disk, e.g. {@code [datastore1] vm1/vm1.vmdk}. */
    public String diskFileName(String vm, int disk) {
        return disk(vm, disk).get("fileName").asText();
    }

    /** The capacity of the VM's disk in bytes. */
    public long diskCapacity(String vm, int disk) {
        return disk(vm, disk).get("capacity").asLong();
    }

    /** The disk's flat file on the datastore, {@code https://host:port/folder/vm/vm-flat.vmdk?dcPath=…&dsName=…}. */
    public URI diskFolderUri(String vm, int disk) {
        return URI.create("https://" + host() + ":" + port() + disk(vm, disk).get("folderPath").asText());
    }

    /** Local flat file of the VM's disk (0-based); tests write content here between rounds. */
    public Path diskFile(String vm, int disk) {
        return Path.of(disk(vm, disk).get("flatFile").asText());
    }

    private JsonNode vm(String name) {
        List<String> names = new ArrayList<>();
        for (JsonNode vm : ready.get("vms")) {
            if (vm.get("name").asText().equals(name)) {
                return vm;
            }
            names.add(vm.get("name").asText());
        }
        throw new IllegalArgumentException("no VM named " + name + " in the simulator: valid are " + names);
    }

    private JsonNode disk(String vm, int disk) {
        JsonNode disks = vm(vm).get("disks");
        if (disk < 0 || disk >= disks.size()) {
            throw new IllegalArgumentException("VM " + vm + " has " + disks.size() + " disks: no disk " + disk);
        }
        return disks.get(disk);
    }

    public int snapshotCount(String vm) throws IOException {
        return Integer.parseInt(control("GET", "snapshot-count", Map.of("vm", vm)).trim());
    }

    /** Forgets every session: the next SOAP call (and datastore access) gets NotAuthenticated / 401. */
    public void expireSessions() throws IOException {
        control("POST", "expire-sessions", Map.of());
    }

    /** Makes the next task of this method (e.g. "RemoveSnapshot_Task") end in a SystemError, doing nothing. */
    public void failNextTask(String method) throws IOException {
        control("POST", "fail-next-task", Map.of("method", method));
    }

    /** Starts the VM's change tracking afresh: every changeId handed out so far is rejected (FileFault). */
    public void resetChangeTracking(String vm) throws IOException {
        control("POST", "reset-change-tracking", Map.of("vm", vm));
    }

    /** Sets config.changeTrackingEnabled, as a ReconfigVM_Task would. */
    public void setChangeTracking(String vm, boolean enabled) throws IOException {
        control("POST", "change-tracking", Map.of("vm", vm, "enabled", Boolean.toString(enabled)));
    }

    /** The next QueryChangedDiskAreas answers a SystemError fault, as a transient vCenter failure does. */
    public void failNextQuery() throws IOException {
        control("POST", "fail-next-query", Map.of());
    }

    /** Sets a disk's {@code backing.diskMode} (e.g. {@code independent_persistent}), as a ReconfigVM_Task would. */
    public void setDiskMode(String vm, int disk, String mode) throws IOException {
        control("POST", "disk-mode", Map.of("vm", vm, "disk", Integer.toString(disk), "mode", mode));
    }

    /** The most changed areas one QueryChangedDiskAreas answer lists. */
    public void setPageSize(int areas) throws IOException {
        control("POST", "page-size", Map.of("areas", Integer.toString(areas)));
    }

    /**
     * With {@code on}, every datastore read (GET under {@code /folder}) waits in the simulator until
     * this is called with false, which lets them all go; a read whose client goes away ends.
     */
    public void holdReads(boolean on) throws IOException {
        control("POST", "hold-reads", Map.of("on", Boolean.toString(on)));
    }

    /** The datastore reads that reached the hold since {@link #holdReads} last set it. */
    public int heldReads() throws IOException {
        return Integer.parseInt(control("GET", "held-reads", Map.of()).trim());
    }

    private String control(String method, String action, Map<String, String> query) throws IOException {
        StringBuilder uri = new StringBuilder(ready.get("control").asText()).append(action);
        char separator = '?';
        for (Map.Entry<String, String> e : query.entrySet()) {
            uri.append(separator).append(e.getKey()).append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri.toString())).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> response = control.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("vsphere-sim " + action + " " + query + ": HTTP " + response.statusCode() + ": "
                        + response.body().trim());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during vsphere-sim " + action, e);
        }
    }

    /** Stops the process (SIGTERM, then SIGKILL after 5 s); never hangs. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }
}
