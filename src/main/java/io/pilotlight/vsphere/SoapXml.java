package io.pilotlight.vsphere;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reading and writing SOAP 1.1 messages of the vSphere Web Services API (namespace {@code urn:vim25}).
 * Parsing is namespace-aware: elements and the {@code xsi:type} attribute are matched by namespace URI,
 * never by prefix. DTDs and external entities are refused.
 */
public final class SoapXml {
    public static final String ENVELOPE = "http://schemas.xmlsoap.org/soap/envelope/";
    public static final String VIM25 = "urn:vim25";
    private static final XMLInputFactory FACTORY = newFactory();

    private SoapXml() {}

    private static XMLInputFactory newFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return factory;
    }

    /** Parses a whole document into its root element. */
    public static XmlElement parse(InputStream in) throws IOException {
        try {
            XMLStreamReader reader;
            synchronized (FACTORY) {
                reader = FACTORY.createXMLStreamReader(in);
            }
            try {
                return read(reader);
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            throw new IOException("vSphere answer is not well-formed XML: " + e.getMessage(), e);
        }
    }

    private static XmlElement read(XMLStreamReader reader) throws XMLStreamException, IOException {
        Deque<Builder> open = new ArrayDeque<>();
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                open.push(new Builder(reader));
            } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                if (!open.isEmpty()) {
                    open.peek().text.append(reader.getText());
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                XmlElement done = open.pop().build();
                if (open.isEmpty()) {
                    return done;
                }
                open.peek().children.add(done);
            }
        }
        throw new IOException("vSphere answer ended before its root element closed");
    }

    private static final class Builder {
        final String namespace;
        final String name;
        final Optional<String> xsiType;
        final Map<String, String> attributes = new HashMap<>();
        final StringBuilder text = new StringBuilder();
        final List<XmlElement> children = new ArrayList<>();

        Builder(XMLStreamReader reader) {
            namespace = reader.getNamespaceURI() == null ? "" : reader.getNamespaceURI();
            name = reader.getLocalName();
            String type = null;
            for (int i = 0; i < reader.getAttributeCount(); i++) {
                String attributeNamespace = reader.getAttributeNamespace(i);
                if (XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI.equals(attributeNamespace)
                        && reader.getAttributeLocalName(i).equals("type")) {
                    type = localPart(reader.getAttributeValue(i));
                } else if (attributeNamespace == null || attributeNamespace.isEmpty()) {
                    attributes.put(reader.getAttributeLocalName(i), reader.getAttributeValue(i));
                }
            }
            xsiType = Optional.ofNullable(type);
        }

        XmlElement build() {
            return new XmlElement(namespace, name, xsiType, attributes, children.isEmpty() ? text.toString() : "",
                    children);
        }
    }

    /** {@code vim25:VirtualDisk} → {@code VirtualDisk}: the type name without its prefix. */
    static String localPart(String qualifiedName) {
        int colon = qualifiedName.indexOf(':');
        return colon < 0 ? qualifiedName : qualifiedName.substring(colon + 1);
    }

    /** Escapes text for an element's content or a double-quoted attribute. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A SOAP envelope around one vim25 method call whose parameters are already XML. */
    static String envelope(String method, String parameters) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<soapenv:Envelope xmlns:soapenv=\"" + ENVELOPE + "\" xmlns:xsi=\""
                + XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI + "\"><soapenv:Body>"
                + "<" + method + " xmlns=\"" + VIM25 + "\">" + parameters + "</" + method + ">"
                + "</soapenv:Body></soapenv:Envelope>";
    }

    /** A simple parameter {@code <name>escaped value</name>}. */
    static String element(String name, Object value) {
        return "<" + name + ">" + escape(String.valueOf(value)) + "</" + name + ">";
    }
}
