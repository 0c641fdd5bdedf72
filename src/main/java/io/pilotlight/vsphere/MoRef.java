package io.pilotlight.vsphere;

import static java.util.Objects.requireNonNull;

/** A managed object reference: {@code VirtualMachine:vm-123}, {@code Task:task-7}. */
public record MoRef(String type, String value) {
    public MoRef {
        requireNonNull(type, "type is null");
        requireNonNull(value, "value is null");
        if (type.isBlank() || value.isBlank()) {
            throw new IllegalArgumentException("managed object reference " + type + ":" + value + " is incomplete");
        }
    }

    /** The reference as a SOAP element {@code <tag type="TYPE">VALUE</tag>}. */
    String xml(String tag) {
        return "<" + tag + " type=\"" + SoapXml.escape(type) + "\">" + SoapXml.escape(value) + "</" + tag + ">";
    }

    @Override
    public String toString() {
        return type + ":" + value;
    }
}
