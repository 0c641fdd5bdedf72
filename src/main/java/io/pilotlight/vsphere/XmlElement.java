package io.pilotlight.vsphere;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One element of a parsed SOAP message: its namespace URI and local name, its {@code type} attribute
 * in the XML Schema instance namespace (whatever prefix the server bound to it: vCenter writes
 * {@code xsi:type}, vcsim {@code XMLSchema-instance:type}), its attributes without a namespace, its
 * text and its child elements.
 */
public record XmlElement(String namespace, String name, Optional<String> xsiType, Map<String, String> attributes,
        String text, List<XmlElement> children) {
    public XmlElement {
        requireNonNull(namespace, "namespace is null");
        requireNonNull(name, "name is null");
        requireNonNull(xsiType, "xsiType is null");
        attributes = Map.copyOf(requireNonNull(attributes, "attributes is null"));
        requireNonNull(text, "text is null");
        children = List.copyOf(requireNonNull(children, "children is null"));
    }

    /** The first child of that local name, if any. */
    public Optional<XmlElement> child(String localName) {
        return children.stream().filter(c -> c.name.equals(localName)).findFirst();
    }

    /** Every child of that local name, in document order. */
    public List<XmlElement> children(String localName) {
        return children.stream().filter(c -> c.name.equals(localName)).toList();
    }

    /** The trimmed text of the first child of that local name, if any. */
    public Optional<String> childText(String localName) {
        return child(localName).map(c -> c.text.trim());
    }

    /** The first element down a path of local names ({@code "backing", "fileName"}), if any. */
    public Optional<XmlElement> find(String... path) {
        Optional<XmlElement> current = Optional.of(this);
        for (String step : path) {
            current = current.flatMap(c -> c.child(step));
        }
        return current;
    }

    /** The trimmed text of {@link #find}, if present. */
    public Optional<String> findText(String... path) {
        return find(path).map(c -> c.text.trim());
    }

    /** The text of a required child: a message naming the path if it is missing. */
    public String requiredText(String localName) {
        return childText(localName).orElseThrow(() -> new IllegalArgumentException("vSphere answer: element <"
                + name + "> has no <" + localName + ">"));
    }

    /** The element's schema type: its {@code xsi:type} if given, else its local name. */
    public String type() {
        return xsiType.orElse(name);
    }

    /** This element read as a managed object reference (attribute {@code type}, text the id). */
    public MoRef moRef() {
        String type = attributes.get("type");
        if (type == null) {
            throw new IllegalArgumentException("vSphere answer: element <" + name + "> is not a managed object"
                    + " reference (no type attribute)");
        }
        return new MoRef(type, text.trim());
    }
}
