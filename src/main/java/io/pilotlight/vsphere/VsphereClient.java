package io.pilotlight.vsphere;

import static io.pilotlight.vsphere.SoapXml.element;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session with a vCenter or ESXi {@code /sdk} endpoint: Login and Logout, property reads through the
 * PropertyCollector, tasks, and ranged reads of datastore files. A call that faults
 * {@code NotAuthenticated} after a successful Login (the session expired) logs in again once and is
 * repeated. Thread-safe. The password is kept only to log in again and never appears in a message.
 */
public final class VsphereClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VsphereClient.class);
    private static final MoRef SERVICE_INSTANCE = new MoRef("ServiceInstance", "ServiceInstance");

    private final SoapConnection connection;
    private final ServiceContent content;
    private final Object loginLock = new Object();
    private String user;
    private String password;
    private long sessionGeneration;

    private VsphereClient(SoapConnection connection, ServiceContent content) {
        this.connection = connection;
        this.content = content;
    }

    /**
     * Connects to {@code sdk} ({@code https://host[:port]/sdk}) and reads its service content. TLS trust:
     * the JDK's trust store, or with {@code thumbprint} exactly the certificate it names (SHA-256 hex,
     * with or without colons). {@code timeout} bounds connecting and each request.
     */
    public static VsphereClient connect(URI sdk, Optional<String> thumbprint, Duration timeout) throws IOException {
        SoapConnection connection;
        try {
            connection = new SoapConnection(sdk, PinnedCertificateTrust.context(thumbprint), timeout);
        } catch (GeneralSecurityException e) {
            throw new IOException("vSphere " + sdk + ": cannot set up TLS: " + e.getMessage(), e);
        }
        XmlElement response = connection.call("RetrieveServiceContent", SERVICE_INSTANCE.xml("_this"));
        ServiceContent content = ServiceContent.fromReturnValue(returnValue(response, "RetrieveServiceContent"));
        connection.apiVersion(content.apiVersion());
        return new VsphereClient(connection, content);
    }

    public ServiceContent serviceContent() {
        return content;
    }

    /** The endpoint, for messages. */
    public URI sdk() {
        return connection.sdk();
    }

    /** Logs in; later calls carry the session cookie. */
    public void login(String userName, String secret) throws IOException {
        requireNonNull(userName, "userName is null");
        requireNonNull(secret, "secret is null");
        synchronized (loginLock) {
            connection.call("Login", content.sessionManager().xml("_this") + element("userName", userName)
                    + element("password", secret));
            user = userName;
            password = secret;
            sessionGeneration++;
        }
    }

    /** Logs out (best effort: a failure is logged) and forgets the password. */
    @Override
    public void close() {
        synchronized (loginLock) {
            if (user == null) {
                return;
            }
            try {
                connection.call("Logout", content.sessionManager().xml("_this"));
            } catch (IOException e) {
                LOG.debug("vSphere Logout at {} failed: {}", sdk(), e.getMessage());
            } finally {
                user = null;
                password = null;
                connection.forgetSession();
            }
        }
    }

    /** Calls {@code method} with its parameters (XML), logging in again once if the session expired. */
    public XmlElement invoke(String method, String parameters) throws IOException {
        long generation;
        synchronized (loginLock) {
            generation = sessionGeneration;
        }
        try {
            return connection.call(method, parameters);
        } catch (VsphereFault fault) {
            if (!fault.faultType().equals("NotAuthenticated") || !loginAgain(generation, fault)) {
                throw fault;
            }
            return connection.call(method, parameters);
        }
    }

    /** Logs in again unless another thread already did since {@code generation}; false if never logged in. */
    private boolean loginAgain(long generation, VsphereFault fault) throws IOException {
        synchronized (loginLock) {
            if (user == null) {
                return false;
            }
            if (sessionGeneration == generation) {
                LOG.info("vSphere session at {} is no longer valid ({}); logging in again as {}", sdk(),
                        fault.getMessage(), user);
                connection.forgetSession();
                login(user, password);
            }
            return true;
        }
    }

    /** The {@code returnval} of a method's response, which must be there. */
    static XmlElement returnValue(XmlElement response, String method) throws IOException {
        return response.child("returnval").orElseThrow(() -> new IOException("vSphere " + method
                + ": the answer has no returnval"));
    }

    /** Reads {@code paths} of the objects {@code refs} (all of the same type). */
    public List<ObjectContent> properties(List<MoRef> refs, String type, String... paths) throws IOException {
        StringBuilder spec = new StringBuilder("<specSet><propSet>").append(element("type", type))
                .append(element("all", false));
        for (String path : paths) {
            spec.append(element("pathSet", path));
        }
        spec.append("</propSet>");
        for (MoRef ref : refs) {
            spec.append("<objectSet>").append(ref.xml("obj")).append(element("skip", false)).append("</objectSet>");
        }
        return retrieve(spec.append("</specSet>").toString());
    }

    /** Reads {@code paths} of one object; its properties that are unset are absent. */
    public ObjectContent properties(MoRef ref, String... paths) throws IOException {
        List<ObjectContent> objects = properties(List.of(ref), ref.type(), paths);
        if (objects.size() != 1) {
            throw new IOException("vSphere RetrievePropertiesEx: " + objects.size() + " answers for " + ref);
        }
        return objects.get(0);
    }

    /** RetrievePropertiesEx with a spec set (XML), following ContinueRetrievePropertiesEx tokens. */
    public List<ObjectContent> retrieve(String specSet) throws IOException {
        MoRef collector = content.propertyCollector();
        XmlElement response = invoke("RetrievePropertiesEx", collector.xml("_this") + specSet + "<options/>");
        List<ObjectContent> objects = new ArrayList<>();
        Optional<XmlElement> result = response.child("returnval");
        while (result.isPresent()) {
            objects.addAll(ObjectContent.fromRetrieveResult(result.get()));
            Optional<String> token = result.get().childText("token");
            if (token.isEmpty()) {
                break;
            }
            result = invoke("ContinueRetrievePropertiesEx", collector.xml("_this") + element("token", token.get()))
                    .child("returnval");
        }
        return List.copyOf(objects);
    }

    /**
     * Waits until the task ends, polling {@code info}; returns its {@code info.result} (if any). A task
     * in error becomes a {@link VsphereFault} carrying the task's fault, named by {@code method}.
     */
    public Optional<XmlElement> waitForTask(MoRef task, String method, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 50;
        while (true) {
            XmlElement info = properties(task, "info").property("info").orElseThrow(() -> new IOException(
                    "vSphere task " + task + " (" + method + ") has no info"));
            String state = info.childText("state").orElse("");
            switch (state) {
                case "success":
                    return info.child("result");
                case "error":
                    XmlElement error = info.child("error").orElseThrow(() -> new VsphereFault(method, "MethodFault",
                            "task " + task + " ended in error without a fault"));
                    throw VsphereFault.fromMethodFault(method, error);
                default:
                    break;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("vSphere task " + task + " (" + method + ") is still " + state + " after "
                        + timeout.toSeconds() + " s; giving up waiting (it may still finish)");
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("vSphere task " + task + " (" + method + "): interrupted while"
                        + " waiting");
            }
            pause = Math.min(1000, pause * 2);
        }
    }

    /** Starts {@code method} (a {@code _Task} method) and waits for it. */
    public Optional<XmlElement> runTask(String method, String parameters, Duration timeout) throws IOException {
        MoRef task = returnValue(invoke(method, parameters), method).moRef();
        return waitForTask(task, method, timeout);
    }

    /**
     * Reads {@code target.remaining()} bytes at {@code offset} of a datastore file
     * ({@code /folder/PATH?dcPath=DC&dsName=DS}) with one HTTP Range request, logging in again once if
     * the session expired.
     */
    public void readDatastoreFile(DatastoreFile file, long offset, ByteBuffer target) throws IOException {
        int position = target.position();
        long generation;
        synchronized (loginLock) {
            generation = sessionGeneration;
        }
        try {
            connection.readRange(file.urlPath(), offset, target);
        } catch (VsphereFault fault) {
            if (!fault.faultType().equals("NotAuthenticated") || !loginAgain(generation, fault)) {
                throw fault;
            }
            target.position(position);
            connection.readRange(file.urlPath(), offset, target);
        }
    }

    /** The size of a datastore file, as the server's {@code Content-Range} gives it, if it does. */
    public Optional<Long> datastoreFileSize(DatastoreFile file) throws IOException {
        return connection.fileSize(file.urlPath());
    }
}
