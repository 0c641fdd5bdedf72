package io.pilotlight.source.libvirt;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/** Reads what the libvirt source needs from {@code virsh dumpxml} and {@code virsh checkpoint-dumpxml}. */
final class DomainXml {
    private DomainXml() {}

    /** The disks under {@code <devices>} of a domain's XML, in device order. */
    static List<DomainDisk> disks(String what, String xml) throws IOException {
        List<DomainDisk> disks = new ArrayList<>();
        Element root = parse(what, xml).getDocumentElement();
        for (Element devices : children(root, "devices")) {
            for (Element disk : children(devices, "disk")) {
                String target = children(disk, "target").stream().map(t -> t.getAttribute("dev")).findFirst()
                        .orElseThrow(() -> new IOException(what + ": a <disk> has no <target dev=…>"));
                String format = children(disk, "driver").stream().map(d -> d.getAttribute("type")).findFirst()
                        .orElse("raw");
                disks.add(new DomainDisk(target, disk.getAttribute("device").isEmpty() ? "disk"
                        : disk.getAttribute("device"), format, !children(disk, "readonly").isEmpty(),
                        !children(disk, "shareable").isEmpty()));
            }
        }
        return List.copyOf(disks);
    }

    /** The disks a checkpoint's XML says carry its bitmap ({@code checkpoint='bitmap'}). */
    static Set<String> bitmapDisks(String what, String xml) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        for (Element disks : children(parse(what, xml).getDocumentElement(), "disks")) {
            for (Element disk : children(disks, "disk")) {
                if (disk.getAttribute("checkpoint").equals("bitmap")) {
                    names.add(disk.getAttribute("name"));
                }
            }
        }
        return Set.copyOf(names);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element element && element.getTagName().equals(name)) {
                found.add(element);
            }
        }
        return found;
    }

    private static Document parse(String what, String xml) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException(what + ": not XML libvirt would write: " + e.getMessage(), e);
        }
    }
}
