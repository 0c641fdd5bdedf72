package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.exec.ToolFailedException;
import io.pilotlight.exec.ToolMissingException;
import io.pilotlight.recovery.image.TargetExistsException;
import io.pilotlight.recovery.image.TargetInUseException;
import io.pilotlight.repo.CorruptObjectException;
import io.pilotlight.repo.RepositoryException.Kind;
import io.pilotlight.repo.RepositoryException;
import io.pilotlight.store.RetriesExhaustedException;
import io.pilotlight.store.StoreException;
import io.pilotlight.store.TransientStoreException;
import io.pilotlight.vsphere.VsphereFault;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ExitCodesTest {
    @Test
    void repositoryKinds() {
        assertThat(ExitCodes.of(new RepositoryException(Kind.NOT_FOUND, "x"))).isEqualTo(3);
        assertThat(ExitCodes.of(new RepositoryException(Kind.ALREADY_EXISTS, "x"))).isEqualTo(3);
        assertThat(ExitCodes.of(new RepositoryException(Kind.UNSUPPORTED, "x"))).isEqualTo(3);
        assertThat(ExitCodes.of(new RepositoryException(Kind.LOCKED, "x"))).isEqualTo(6);
        assertThat(ExitCodes.of(new RepositoryException(Kind.UNKNOWN_DISK, "x"))).isEqualTo(8);
        assertThat(ExitCodes.of(new RepositoryException(Kind.UNKNOWN_POINT, "x"))).isEqualTo(8);
        for (Kind kind : Kind.values()) {
            assertThat(ExitCodes.of(new RepositoryException(kind, "x"))).as(kind.name()).isNotIn(0, 1, 4);
        }
    }

    @Test
    void vsphereFaults() {
        assertThat(ExitCodes.of(new VsphereFault("Login", "InvalidLogin", "no", Optional.empty(), Optional.empty())))
                .isEqualTo(11);
        assertThat(ExitCodes.of(new VsphereFault("CreateSnapshot_Task", "NoPermission", "x", Optional.of("web1"),
                Optional.empty()))).isEqualTo(13);
        assertThat(ExitCodes.of(new VsphereFault("QueryChangedDiskAreas", "FileFault", "x", Optional.of("web1"),
                Optional.of("scsi0:0")))).isEqualTo(4);
    }

    @Test
    void otherFailures() {
        assertThat(ExitCodes.of(new IllegalArgumentException("x"))).isEqualTo(2);
        assertThat(ExitCodes.of(new IOException("x"))).isEqualTo(4);
        assertThat(ExitCodes.of(new NoSuchFileException("/x"))).isEqualTo(4);
        assertThat(ExitCodes.of(new CorruptObjectException("x"))).isEqualTo(5);
        assertThat(ExitCodes.of(new TargetExistsException("x"))).isEqualTo(9);
        assertThat(ExitCodes.of(new TargetInUseException("x"))).isEqualTo(6);
        assertThat(ExitCodes.of(new ToolMissingException("qemu-img", "x", null))).isEqualTo(14);
        assertThat(ExitCodes.of(new ToolFailedException("qemu-img", OptionalInt.of(1), List.of(), "x"))).isEqualTo(15);
        assertThat(ExitCodes.of(new InterruptedException())).isEqualTo(130);
        assertThat(ExitCodes.of(new InterruptedIOException())).isEqualTo(130);
        assertThat(ExitCodes.of(new IllegalStateException("x"))).isEqualTo(1);
        assertThat(ExitCodes.of(new NullPointerException())).isEqualTo(1);
    }

    @Test
    void wrappersAreLookedThrough() {
        assertThat(ExitCodes.of(new UncheckedIOException(new CorruptObjectException("x")))).isEqualTo(5);
        assertThat(ExitCodes.of(new ExecutionException(new RepositoryException(Kind.LOCKED, "x")))).isEqualTo(6);
        assertThat(ExitCodes.of(new IOException("source qemu:/d.qcow2: x", new ToolMissingException("qemu-img", "x", null))))
                .as("a tool failure a caller wrapped with its context").isEqualTo(14);
        assertThat(ExitCodes.of(new IOException("x", new ToolFailedException("qemu-nbd", OptionalInt.empty(), List.of(),
                "x")))).isEqualTo(15);
    }

    @Test
    void userErrorsPrintOneLineWithoutStackTrace() {
        StringWriter err = new StringWriter();

        int code = ExitCodes.report(new UncheckedIOException(
                new CorruptObjectException("chunk 3f9a at offset 0x40000 of vm-12: checksum mismatch")), new PrintWriter(err));

        assertThat(code).isEqualTo(5);
        assertThat(err.toString()).isEqualTo("pilotlight: chunk 3f9a at offset 0x40000 of vm-12: checksum mismatch\n");
    }

    @Test
    void fileErrorsNameTheFile() {
        assertThat(ExitCodes.message(new NoSuchFileException("/srv/disk.img"))).isEqualTo("no such file or directory: /srv/disk.img");
        assertThat(ExitCodes.message(new IOException())).isEqualTo("IOException");
    }

    @Test
    void bugsPrintAStackTraceAndSaySo() {
        StringWriter err = new StringWriter();

        int code = ExitCodes.report(new IllegalStateException("boom"), new PrintWriter(err));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("pilotlight: internal error: java.lang.IllegalStateException: boom")
                .contains("this is a bug").contains("\tat io.pilotlight.cli.ExitCodesTest");
    }

    @Test
    void tableDocumentsEveryCode() {
        assertThat(ExitCodes.table().keySet()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11",
                "12", "13", "14", "15", "16", "17", "20", "21", "22", "23", "24", "25", "26", "27", "28", "130");
    }

    @Test
    void eachCloudProblemHasItsOwnCode() {
        java.util.Map<io.pilotlight.cloud.CloudException.Kind, Integer> codes = new java.util.EnumMap<>(
                io.pilotlight.cloud.CloudException.Kind.class);
        for (io.pilotlight.cloud.CloudException.Kind kind : io.pilotlight.cloud.CloudException.Kind.values()) {
            codes.put(kind, ExitCodes.of(new io.pilotlight.cloud.CloudException(kind, "x")));
        }
        assertThat(codes.values()).doesNotHaveDuplicates().containsExactlyInAnyOrder(11, 13, 12, 20, 21, 23, 24, 22, 25,
                26);
    }

    @Test
    void keyProblemsAreTheirOwnCodesAndDamageIsCorruptData() {
        assertThat(ExitCodes.of(new io.pilotlight.repo.seal.WrongKeyException("x"))).isEqualTo(27);
        assertThat(ExitCodes.of(new io.pilotlight.repo.seal.DamagedKeyFileException("x"))).isEqualTo(5);
        java.util.Map<io.pilotlight.repo.seal.KmsException.Kind, Integer> codes = new java.util.EnumMap<>(
                io.pilotlight.repo.seal.KmsException.Kind.class);
        for (io.pilotlight.repo.seal.KmsException.Kind kind : io.pilotlight.repo.seal.KmsException.Kind.values()) {
            codes.put(kind, ExitCodes.of(new io.pilotlight.repo.seal.KmsException(kind, "x", null)));
        }
        assertThat(codes).containsEntry(io.pilotlight.repo.seal.KmsException.Kind.UNUSABLE, 28)
                .containsEntry(io.pilotlight.repo.seal.KmsException.Kind.ACCESS_DENIED, 13)
                .containsEntry(io.pilotlight.repo.seal.KmsException.Kind.BAD_CREDENTIALS, 11)
                .containsEntry(io.pilotlight.repo.seal.KmsException.Kind.UNREACHABLE, 12)
                .containsEntry(io.pilotlight.repo.seal.KmsException.Kind.FAILED, 4);
    }

    @Test
    void eachStoreProblemHasItsOwnCode() {
        assertThat(ExitCodes.of(new StoreException(StoreException.Kind.NO_SUCH_BUCKET, "b", null))).isEqualTo(10);
        assertThat(ExitCodes.of(new StoreException(StoreException.Kind.BAD_CREDENTIALS, "b", null))).isEqualTo(11);
        assertThat(ExitCodes.of(new StoreException(StoreException.Kind.UNREACHABLE, "b", null))).isEqualTo(12);
        assertThat(ExitCodes.of(new StoreException(StoreException.Kind.ACCESS_DENIED, "b", null))).isEqualTo(13);
        assertThat(ExitCodes.of(new RetriesExhaustedException("s3://b/p", "put", "k", 6,
                new TransientStoreException("503", null)))).isEqualTo(4);
    }
}
