package io.pilotlight.vsphere;

import static java.util.Objects.requireNonNull;

/** The references of {@code RetrieveServiceContent} this client uses, and the server's API version. */
public record ServiceContent(MoRef rootFolder, MoRef propertyCollector, MoRef viewManager, MoRef sessionManager,
        MoRef searchIndex, String apiVersion, String fullName) {
    public ServiceContent {
        requireNonNull(rootFolder, "rootFolder is null");
        requireNonNull(propertyCollector, "propertyCollector is null");
        requireNonNull(viewManager, "viewManager is null");
        requireNonNull(sessionManager, "sessionManager is null");
        requireNonNull(searchIndex, "searchIndex is null");
        requireNonNull(apiVersion, "apiVersion is null");
        requireNonNull(fullName, "fullName is null");
    }

    /** Reads the {@code returnval} of a {@code RetrieveServiceContentResponse}. */
    public static ServiceContent fromReturnValue(XmlElement content) {
        return new ServiceContent(ref(content, "rootFolder"), ref(content, "propertyCollector"),
                ref(content, "viewManager"), ref(content, "sessionManager"), ref(content, "searchIndex"),
                content.findText("about", "apiVersion").orElse("6.5"),
                content.findText("about", "fullName").orElse("unknown vSphere server"));
    }

    private static MoRef ref(XmlElement content, String name) {
        return content.child(name).orElseThrow(() -> new IllegalArgumentException("vSphere service content has no "
                + name + " (is this a vCenter or ESXi /sdk endpoint?)")).moRef();
    }
}
