package io.pilotlight.nbd;

import java.io.IOException;

/**
 * The server refused something: an option during the handshake (unknown export, TLS required, …) or a
 * command (an NBD error such as EIO or EINVAL). The message names the export, the command or option,
 * and for commands the offset, length and error. Failures of the connection itself (hang-up, garbled
 * replies) are plain {@link IOException}s.
 */
public class NbdException extends IOException {
    private final String export;
    private final int error;

    public NbdException(String export, String message) {
        this(export, 0, message);
    }

    NbdException(String export, int error, String message) {
        super(message);
        this.export = export;
        this.error = error;
    }

    static NbdException command(String export, String command, long offset, long length, int error, String serverMessage) {
        String detail = serverMessage == null || serverMessage.isEmpty() ? "" : ": " + serverMessage;
        return new NbdException(export, error, "NBD export '" + export + "': " + command + " at offset " + offset
                + " length " + length + " failed with " + NbdProtocol.errorName(error) + detail);
    }

    /** The export's name ("" is the server's default export). */
    public String export() {
        return export;
    }

    /** The NBD error number of a failed command (EIO is 5, EINVAL 22, …), or 0 for a refused option. */
    public int error() {
        return error;
    }
}
