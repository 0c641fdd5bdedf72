package io.pilotlight.recovery.libvirt;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * A domain definition as libvirt wrote it ({@code virsh dumpxml --inactive}), parsed with the JDK's DOM
 * (no DTDs, no external entities). {@code what} names it in errors (e.g. {@code group point web1/2026…}).
 */
public final class SavedDomain {
    private final String what;
    private final Document document;

    private SavedDomain(String what, Document document) {
        this.what = what;
        this.document = document;
    }

    /** Parses {@code xml}; refuses text that is not XML or whose root is not {@code <domain>}. */
    public static SavedDomain parse(String what, String xml) throws IOException {
        requireNonNull(what, "what is null");
        requireNonNull(xml, "xml is null");
        Document document;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            var builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null); // the exception carries the error; the default handler would print it
            document = builder.parse(new InputSource(new StringReader(xml)));
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException(what + ": the saved domain XML is not XML: " + e.getMessage(), e);
        }
        if (!document.getDocumentElement().getTagName().equals("domain")) {
            throw new IOException(what + ": the saved domain XML's root is <" + document.getDocumentElement()
                    .getTagName() + ">, not <domain>");
        }
        return new SavedDomain(what, document);
    }

    String what() {
        return what;
    }

    /** A copy of the document, for a rewrite that leaves this one as it was. */
    Document copy() {
        return (Document) document.cloneNode(true);
    }

    Element root() {
        return document.getDocumentElement();
    }

    /** The domain's name. */
    public String name() {
        return child(root(), "name").map(Element::getTextContent).map(String::strip).orElse("");
    }

    /** The memory, vCPUs and disks it ran with. */
    public MachineShape shape() throws IOException {
        return MachineShape.of(this);
    }

    static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element element && element.getTagName().equals(name)) {
                found.add(element);
            }
        }
        return found;
    }

    static Optional<Element> child(Element parent, String name) {
        return children(parent, name).stream().findFirst();
    }

    /** The {@code <disk>} elements under {@code <devices>}, in device order. */
    static List<Element> disks(Element root) {
        List<Element> disks = new ArrayList<>();
        for (Element devices : children(root, "devices")) {
            disks.addAll(children(devices, "disk"));
        }
        return disks;
    }

    /** A disk's {@code <target dev=…>}, or "" when it has none. */
    static String target(Element disk) {
        return child(disk, "target").map(target -> target.getAttribute("dev")).orElse("");
    }

    static String write(Document document) throws IOException {
        try {
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(document), new StreamResult(out));
            String text = out.toString();
            return text.endsWith("\n") ? text : text + "\n";
        } catch (TransformerException e) {
            throw new IOException("cannot write the domain XML: " + e.getMessage(), e);
        }
    }
}
