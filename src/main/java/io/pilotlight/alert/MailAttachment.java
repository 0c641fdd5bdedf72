package io.pilotlight.alert;

import static java.util.Objects.requireNonNull;

/** A file attached to a mail (a report): its name, MIME type and bytes. */
public record MailAttachment(String fileName, String contentType, byte[] bytes) {
    public MailAttachment {
        requireNonNull(fileName, "fileName is null");
        requireNonNull(contentType, "contentType is null");
        bytes = requireNonNull(bytes, "bytes is null").clone();
        if (fileName.isBlank() || fileName.contains("/")) {
            throw new IllegalArgumentException("attachment name '" + fileName + "' must be a plain file name");
        }
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }
}
