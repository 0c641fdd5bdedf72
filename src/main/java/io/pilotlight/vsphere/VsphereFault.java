package io.pilotlight.vsphere;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.Optional;

/**
 * A vSphere method that failed with a fault: a SOAP fault, or a task that ended in error. The message
 * names the method, the VM and disk when known, the fault type and the server's message, e.g.
 * {@code vSphere QueryChangedDiskAreas on VM 'web1' disk scsi0:0 failed: FileFault: ...}.
 */
public final class VsphereFault extends IOException {
    private final String method;
    private final String faultType;
    private final String detail;
    private final Optional<String> vm;
    private final Optional<String> disk;

    public VsphereFault(String method, String faultType, String detail, Optional<String> vm, Optional<String> disk) {
        super(message(method, faultType, detail, vm, disk));
        this.method = requireNonNull(method, "method is null");
        this.faultType = requireNonNull(faultType, "faultType is null");
        this.detail = requireNonNull(detail, "detail is null");
        this.vm = requireNonNull(vm, "vm is null");
        this.disk = requireNonNull(disk, "disk is null");
    }

    VsphereFault(String method, String faultType, String detail) {
        this(method, faultType, detail, Optional.empty(), Optional.empty());
    }

    private static String message(String method, String faultType, String detail, Optional<String> vm,
            Optional<String> disk) {
        return "vSphere " + method + vm.map(name -> " on VM '" + name + "'").orElse("")
                + disk.map(label -> " disk " + label).orElse("") + " failed: " + faultType
                + (detail.isBlank() ? "" : ": " + detail);
    }

    /** The same fault, naming the VM (and disk) it concerned. */
    public VsphereFault about(String vmName, Optional<String> diskLabel) {
        VsphereFault fault = new VsphereFault(method, faultType, detail, Optional.of(vmName), diskLabel);
        fault.initCause(this);
        return fault;
    }

    /** The method that failed, e.g. {@code CreateSnapshot_Task}. */
    public String method() {
        return method;
    }

    /** The fault's type without namespace, e.g. {@code NotAuthenticated}, {@code FileFault}. */
    public String faultType() {
        return faultType;
    }

    /** The server's message. */
    public String detail() {
        return detail;
    }

    public Optional<String> vm() {
        return vm;
    }

    public Optional<String> disk() {
        return disk;
    }

    /**
     * Reads a SOAP {@code Fault} element: the type is the {@code xsi:type} of the first child of
     * {@code detail} (or that child's name without its {@code Fault} suffix), the message the
     * {@code faultstring}.
     */
    static VsphereFault fromSoapFault(String method, XmlElement fault) {
        String message = fault.childText("faultstring").orElse("");
        String type = fault.child("detail").flatMap(detail -> detail.children().stream().findFirst())
                .map(VsphereFault::faultTypeOf)
                .orElseGet(() -> fault.childText("faultcode").map(SoapXml::localPart).orElse("SOAP fault"));
        return new VsphereFault(method, type, message);
    }

    /** A {@code LocalizedMethodFault} (a task's {@code info.error}). */
    static VsphereFault fromMethodFault(String method, XmlElement localizedFault) {
        String type = localizedFault.child("fault").map(VsphereFault::faultTypeOf).orElse("MethodFault");
        String message = localizedFault.childText("localizedMessage").orElse("");
        return new VsphereFault(method, type, message);
    }

    private static String faultTypeOf(XmlElement element) {
        if (element.xsiType().isPresent()) {
            return element.xsiType().get();
        }
        String name = element.name();
        return name.endsWith("Fault") && name.length() > "Fault".length()
                ? name.substring(0, name.length() - "Fault".length()) : name;
    }
}
