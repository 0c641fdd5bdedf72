package io.pilotlight.cli;

import io.pilotlight.cloud.CloudException;
import io.pilotlight.exec.ToolFailedException;
import io.pilotlight.exec.ToolMissingException;
import io.pilotlight.recovery.image.TargetExistsException;
import io.pilotlight.recovery.image.TargetInUseException;
import io.pilotlight.repo.CorruptObjectException;
import io.pilotlight.repo.RepositoryException;
import io.pilotlight.store.RetriesExhaustedException;
import io.pilotlight.store.StoreException;
import io.pilotlight.vsphere.VsphereAccessException;
import io.pilotlight.vsphere.VsphereFault;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.ParameterException;

/**
 * The one place where failures become exit codes (documented in docs/exit-codes.md and in
 * {@code --help}). User errors print one line, {@code pilotlight: <message>}; only an unexpected
 * exception (a bug) prints a stack trace.
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int INTERNAL_ERROR = 1;
    public static final int USAGE = 2;
    public static final int REPOSITORY = 3;
    public static final int IO_ERROR = 4;
    public static final int CORRUPT_DATA = 5;
    public static final int LOCKED = 6;
    public static final int FAULTS_FOUND = 7;
    public static final int UNKNOWN_DISK_OR_POINT = 8;
    public static final int TARGET_REFUSED = 9;
    public static final int NO_SUCH_BUCKET = 10;
    public static final int BAD_CREDENTIALS = 11;
    public static final int STORE_UNREACHABLE = 12;
    public static final int ACCESS_DENIED = 13;
    public static final int TOOL_MISSING = 14;
    public static final int TOOL_FAILED = 15;
    public static final int CERTIFICATE_REFUSED = 16;
    public static final int ALERT_FAILED = 17;
    public static final int CLOUD_REFUSED = 20;
    public static final int CLOUD_THROTTLED = 21;
    public static final int SNAPSHOT_FAILED = 22;
    public static final int CLOUD_NOT_FOUND = 23;
    public static final int CLOUD_SERVICE = 24;
    public static final int INSTANCE_FAILED = 25;
    public static final int NO_HEARTBEAT = 26;
    public static final int WRONG_KEY = 27;
    public static final int KMS_KEY_UNUSABLE = 28;
    public static final int INTERRUPTED = 130;

    private ExitCodes() {}

    /** Code and meaning, in the order shown by {@code --help}. */
    static Map<String, String> table() {
        Map<String, String> table = new LinkedHashMap<>();
        table.put(Integer.toString(OK), "success");
        table.put(Integer.toString(INTERNAL_ERROR), "internal error (a bug: please report it with the stack trace)");
        table.put(Integer.toString(USAGE), "usage error: bad option, argument or name");
        table.put(Integer.toString(REPOSITORY), "repository problem: none found, one already there, unsupported");
        table.put(Integer.toString(IO_ERROR), "I/O error: source, target or store unreadable or unwritable");
        table.put(Integer.toString(CORRUPT_DATA), "corrupt data: an object failed its checksum or format check");
        table.put(Integer.toString(LOCKED), "locked: another writer holds the disk or repository, or a follower"
                + " the image");
        table.put(Integer.toString(FAULTS_FOUND), "verify found faults, or a drill check failed");
        table.put(Integer.toString(UNKNOWN_DISK_OR_POINT), "unknown disk or restore point (or vSphere VM)");
        table.put(Integer.toString(TARGET_REFUSED), "restore target exists (use --force) or is too small");
        table.put(Integer.toString(NO_SUCH_BUCKET), "the S3 bucket does not exist");
        table.put(Integer.toString(BAD_CREDENTIALS), "the S3 service, AWS or vSphere rejected the credentials, or"
                + " there are none");
        table.put(Integer.toString(STORE_UNREACHABLE), "the S3 endpoint (also lost mid-run), the EC2/EBS endpoint or"
                + " the vSphere host cannot be reached");
        table.put(Integer.toString(ACCESS_DENIED), "access to the bucket or prefix (or the vSphere object) is denied");
        table.put(Integer.toString(TOOL_MISSING), "a tool the command runs (qemu-img, qemu-nbd, a vSphere NBD export"
                + " command) is not installed or not executable");
        table.put(Integer.toString(TOOL_FAILED), "a tool the command runs (qemu-img, qemu-nbd, a vSphere NBD export"
                + " command) failed");
        table.put(Integer.toString(CERTIFICATE_REFUSED), "vSphere's TLS certificate is not the pinned --thumbprint"
                + " (nor trusted by the JDK)");
        table.put(Integer.toString(ALERT_FAILED), "'alert test': the channel did not take the message (SMTP, webhook or"
                + " command failed)");
        table.put(Integer.toString(CLOUD_REFUSED), "AWS refused a request as invalid (validation, a ClientToken reused"
                + " with other parameters, a quota)");
        table.put(Integer.toString(CLOUD_THROTTLED), "AWS throttled, or a new snapshot stayed 'does not exist', past"
                + " the retry limit");
        table.put(Integer.toString(SNAPSHOT_FAILED), "an EBS snapshot ended in error, or did not complete in time");
        table.put(Integer.toString(CLOUD_NOT_FOUND), "a snapshot, image or instance named does not exist in AWS");
        table.put(Integer.toString(CLOUD_SERVICE), "AWS failed (5xx) past the retry limit");
        table.put(Integer.toString(INSTANCE_FAILED), "the failover instance did not reach running, or stopped");
        table.put(Integer.toString(NO_HEARTBEAT), "the failover instance ran but its console showed no heartbeat in"
                + " time");
        table.put(Integer.toString(WRONG_KEY), "an encrypted repository: no passphrase given, or a wrong one");
        table.put(Integer.toString(KMS_KEY_UNUSABLE), "an encrypted repository's AWS KMS key is disabled, pending"
                + " deletion or gone");
        table.put(Integer.toString(INTERRUPTED), "interrupted (Ctrl-C/SIGINT or SIGTERM: leases, locks and temp files"
                + " released first)");
        return table;
    }

    /** The exit code for a failure. */
    public static int of(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ParameterException || cause instanceof IllegalArgumentException) {
            return USAGE;
        }
        if (cause instanceof RepositoryException repositoryException) {
            return switch (repositoryException.kind()) {
                case NOT_FOUND, ALREADY_EXISTS, UNSUPPORTED -> REPOSITORY;
                case UNKNOWN_DISK, UNKNOWN_POINT -> UNKNOWN_DISK_OR_POINT;
                case LOCKED -> LOCKED;
            };
        }
        StoreException wrapped = storeFailure(cause);
        if (wrapped != null) { // an upload thread or a retry wraps it: the store's code still holds
            cause = wrapped;
        } else if (lostEndpoint(cause)) {
            return STORE_UNREACHABLE;
        }
        if (cause instanceof StoreException storeException) {
            return switch (storeException.kind()) {
                case NO_SUCH_BUCKET -> NO_SUCH_BUCKET;
                case BAD_CREDENTIALS -> BAD_CREDENTIALS;
                case UNREACHABLE -> STORE_UNREACHABLE;
                case ACCESS_DENIED -> ACCESS_DENIED;
            };
        }
        if (cause instanceof CloudException cloud) {
            return cloud(cloud.kind());
        }
        VsphereAccessException vsphere = find(cause, VsphereAccessException.class);
        if (vsphere != null) {
            return switch (vsphere.kind()) {
                case UNREACHABLE -> STORE_UNREACHABLE;
                case CERTIFICATE_REFUSED -> CERTIFICATE_REFUSED;
                case NO_SUCH_VM -> UNKNOWN_DISK_OR_POINT;
            };
        }
        if (cause instanceof VsphereFault fault && fault.faultType().equals("InvalidLogin")) {
            return BAD_CREDENTIALS;
        }
        if (cause instanceof VsphereFault fault && fault.faultType().equals("NoPermission")) {
            return ACCESS_DENIED;
        }
        if (cause instanceof io.pilotlight.repo.seal.WrongKeyException) {
            return WRONG_KEY;
        }
        if (cause instanceof io.pilotlight.repo.seal.KmsException kms) {
            return kms(kms.kind());
        }
        if (cause instanceof CorruptObjectException || cause instanceof io.pilotlight.repo.seal.DamagedKeyFileException) {
            return CORRUPT_DATA;
        }
        if (cause instanceof TargetInUseException) {
            return LOCKED;
        }
        if (cause instanceof TargetExistsException) {
            return TARGET_REFUSED;
        }
        Throwable tool = toolFailure(cause);
        if (tool instanceof ToolMissingException) {
            return TOOL_MISSING;
        }
        if (tool instanceof ToolFailedException) {
            return TOOL_FAILED;
        }
        if (cause instanceof InterruptedException || cause instanceof InterruptedIOException
                || cause instanceof ClosedByInterruptException) {
            return INTERRUPTED;
        }
        if (cause instanceof IOException) {
            return IO_ERROR;
        }
        return INTERNAL_ERROR;
    }

    private static int kms(io.pilotlight.repo.seal.KmsException.Kind kind) {
        return switch (kind) {
            case UNUSABLE -> KMS_KEY_UNUSABLE;
            case ACCESS_DENIED -> ACCESS_DENIED;
            case BAD_CREDENTIALS -> BAD_CREDENTIALS;
            case UNREACHABLE -> STORE_UNREACHABLE;
            case FAILED -> IO_ERROR;
        };
    }

    private static int cloud(CloudException.Kind kind) {
        return switch (kind) {
            case BAD_CREDENTIALS -> BAD_CREDENTIALS;
            case ACCESS_DENIED -> ACCESS_DENIED;
            case UNREACHABLE -> STORE_UNREACHABLE;
            case REFUSED -> CLOUD_REFUSED;
            case THROTTLED -> CLOUD_THROTTLED;
            case SNAPSHOT_FAILED -> SNAPSHOT_FAILED;
            case NOT_FOUND -> CLOUD_NOT_FOUND;
            case SERVICE -> CLOUD_SERVICE;
            case INSTANCE_FAILED -> INSTANCE_FAILED;
            case NO_HEARTBEAT -> NO_HEARTBEAT;
        };
    }

    /** Prints the failure to {@code err} (one line, or a stack trace for a bug); returns its code. */
    public static int report(Throwable failure, PrintWriter err) {
        int code = of(failure);
        Throwable cause = unwrap(failure);
        if (code == INTERNAL_ERROR) {
            err.println("pilotlight: internal error: " + cause
                    + " -- this is a bug; please report it with the stack trace below");
            cause.printStackTrace(err);
        } else {
            err.println("pilotlight: " + message(cause));
        }
        err.flush();
        return code;
    }

    /** A one-line message naming the cause. */
    static String message(Throwable cause) {
        if (cause instanceof NoSuchFileException e) {
            return "no such file or directory: " + e.getFile();
        }
        if (cause instanceof AccessDeniedException e) {
            return "permission denied: " + e.getFile();
        }
        if (cause instanceof FileAlreadyExistsException e) {
            return "already exists: " + e.getFile();
        }
        if (cause instanceof FileSystemException e) {
            return e.getFile() + ": " + (e.getReason() == null ? e.getClass().getSimpleName() : e.getReason());
        }
        if (cause instanceof InterruptedException || cause instanceof ClosedByInterruptException) {
            return "interrupted";
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    /** The store failure {@code cause} is or wraps, or null. */
    private static StoreException storeFailure(Throwable cause) {
        return find(cause, StoreException.class);
    }

    /** The {@code type} that {@code cause} is or wraps, or null. */
    private static <T extends Throwable> T find(Throwable cause, Class<T> type) {
        for (Throwable link = cause; link != null && link.getCause() != link; link = link.getCause()) {
            if (type.isInstance(link)) {
                return type.cast(link);
            }
        }
        return null;
    }

    /**
     * Whether {@code cause} is a store request that failed for good because the endpoint went away
     * mid-run (its retries ended on a refused or reset connection): "endpoint unreachable" as well.
     */
    private static boolean lostEndpoint(Throwable cause) {
        boolean exhausted = false;
        for (Throwable link = cause; link != null && link.getCause() != link; link = link.getCause()) {
            exhausted |= link instanceof RetriesExhaustedException;
            if (exhausted && (link instanceof java.net.ConnectException || link instanceof java.net.SocketException
                    || link instanceof java.net.NoRouteToHostException
                    || link.getClass().getSimpleName().equals("NoHttpResponseException"))) {
                return true;
            }
        }
        return false;
    }

    /** The tool failure {@code cause} is or wraps (a source may add its context around it), or null. */
    private static Throwable toolFailure(Throwable cause) {
        for (Throwable link = cause; link != null; link = link.getCause()) {
            if (link instanceof ToolMissingException || link instanceof ToolFailedException) {
                return link;
            }
            if (link.getCause() == link) {
                return null;
            }
        }
        return null;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof UncheckedIOException || cause instanceof ExecutionException
                || cause instanceof CompletionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
