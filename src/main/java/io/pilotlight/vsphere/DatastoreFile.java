package io.pilotlight.vsphere;

import static java.util.Objects.requireNonNull;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A file on a datastore, addressed for HTTP access: datacenter path, datastore name, path inside it. */
public record DatastoreFile(String datacenterPath, String datastore, String path) {
    public DatastoreFile {
        requireNonNull(datacenterPath, "datacenterPath is null");
        requireNonNull(datastore, "datastore is null");
        requireNonNull(path, "path is null");
    }

    /** {@code /folder/PATH?dcPath=DC&dsName=DS}, percent-encoded. */
    String urlPath() {
        StringBuilder encoded = new StringBuilder("/folder");
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                encoded.append('/').append(encode(part));
            }
        }
        return encoded + "?dcPath=" + encode(datacenterPath) + "&dsName=" + encode(datastore);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return "[" + datastore + "] " + path + " (datacenter " + datacenterPath + ")";
    }
}
