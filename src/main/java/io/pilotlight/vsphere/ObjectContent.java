package io.pilotlight.vsphere;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** One object of a {@code RetrievePropertiesEx} answer: its reference and the values of its properties. */
public record ObjectContent(MoRef ref, Map<String, XmlElement> properties) {
    public ObjectContent {
        requireNonNull(ref, "ref is null");
        properties = Map.copyOf(requireNonNull(properties, "properties is null"));
    }

    /** The {@code val} element of a property, if the server set it. */
    public Optional<XmlElement> property(String path) {
        return Optional.ofNullable(properties.get(path));
    }

    /** The trimmed text of a property's value, if set. */
    public Optional<String> text(String path) {
        return property(path).map(value -> value.text().trim());
    }

    /** The {@code objects} of a {@code RetrieveResult} ({@code returnval} of RetrievePropertiesEx). */
    public static List<ObjectContent> fromRetrieveResult(XmlElement result) {
        List<ObjectContent> objects = new ArrayList<>();
        for (XmlElement object : result.children("objects")) {
            Map<String, XmlElement> properties = new TreeMap<>();
            for (XmlElement property : object.children("propSet")) {
                property.child("val").ifPresent(value -> properties.put(property.requiredText("name"), value));
            }
            XmlElement ref = object.child("obj").orElseThrow(() -> new IllegalArgumentException(
                    "vSphere answer: RetrievePropertiesEx object without <obj>"));
            objects.add(new ObjectContent(ref.moRef(), properties));
        }
        return List.copyOf(objects);
    }
}
