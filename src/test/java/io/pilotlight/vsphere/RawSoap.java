package io.pilotlight.vsphere;

import io.pilotlight.testing.VsphereSim;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Hand-written SOAP calls for the simulator's own tests: envelopes in, DOM out, faults as
 * {@link Fault}. Parses by namespace (vcsim writes {@code XMLSchema-instance:type}, vCenter
 * {@code xsi:type}). The real client lives in main code; this is only enough to test the simulator.
 */
final class RawSoap {
    static final String VIM = "urn:vim25";
    static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    private static final String SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/";

    /** A SOAP fault: the fault's type (e.g. FileFault) and its message. */
    static final class Fault extends IOException {
        final String type;

        Fault(String type, String message) {
            super(type + ": " + message);
            this.type = type;
        }
    }

    private final VsphereSim sim;
    private final HttpClient http;

    RawSoap(VsphereSim sim) {
        this.sim = sim;
        this.http = HttpClient.newBuilder().sslContext(sim.sslContext()).cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    void login() throws IOException {
        call("<Login xmlns=\"urn:vim25\"><_this type=\"SessionManager\">SessionManager</_this><userName>"
                + sim.username() + "</userName><password>" + sim.password() + "</password></Login>");
    }

    /** Posts one method's body; returns the response document or throws its fault. */
    Document call(String body) throws IOException {
        String envelope = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv=\"" + SOAP_ENV
                + "\" xmlns:xsi=\"" + XSI + "\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"><soapenv:Body>" + body
                + "</soapenv:Body></soapenv:Envelope>";
        HttpRequest request = HttpRequest.newBuilder(sim.sdkUri()).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/xml; charset=utf-8").header("SOAPAction", "urn:vim25/8.0")
                .POST(HttpRequest.BodyPublishers.ofString(envelope)).build();
        HttpResponse<byte[]> response = send(request);
        Document document = parse(response.body());
        Element fault = first(document.getDocumentElement(), SOAP_ENV, "Fault");
        if (fault != null) {
            Element detail = firstLocal(fault, "detail");
            Element kind = detail == null ? null : firstElementChild(detail);
            String type = kind == null ? "unknown" : kind.getAttributeNS(XSI, "type");
            String message = firstLocal(fault, "faultstring") == null ? "" : firstLocal(fault, "faultstring").getTextContent();
            throw new Fault(type, message);
        }
        return document;
    }

    HttpResponse<byte[]> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** GET of a datastore URL with an optional Range header, with this client's session cookie. */
    HttpResponse<byte[]> get(URI uri, String range) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        if (range != null) {
            request.header("Range", range);
        }
        return send(request.build());
    }

    HttpResponse<byte[]> put(URI uri, byte[] content) throws IOException {
        return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build());
    }

    /** RetrieveProperties of one property of one object: the {@code val} element. */
    Element property(String type, String moref, String path) throws IOException {
        Document document = call("<RetrieveProperties xmlns=\"urn:vim25\"><_this type=\"PropertyCollector\">propertyCollector"
                + "</_this><specSet><propSet><type>" + type + "</type><pathSet>" + path + "</pathSet></propSet><objectSet><obj type=\""
                + type + "\">" + moref + "</obj></objectSet></specSet></RetrieveProperties>");
        return first(document.getDocumentElement(), VIM, "val");
    }

    /** Waits for a task to end; returns its info element; throws the task's fault as {@link Fault}. */
    Element waitForTask(String task) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Element info = property("Task", task, "info");
            String state = firstLocal(info, "state").getTextContent();
            if (state.equals("success")) {
                return info;
            }
            if (state.equals("error")) {
                Element fault = firstLocal(firstLocal(info, "error"), "fault");
                throw new Fault(fault.getAttributeNS(XSI, "type"), firstLocal(info, "error").getTextContent());
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("task " + task + " still " + state + " after 30 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    /** The text of the response's {@code returnval}. */
    static String returnval(Document document) {
        return first(document.getDocumentElement(), VIM, "returnval").getTextContent();
    }

    static Element first(Element parent, String namespace, String local) {
        Node node = parent.getElementsByTagNameNS(namespace, local).item(0);
        return (Element) node;
    }

    /** The first descendant with this local name, whatever its namespace (vcsim leaves some unqualified). */
    static Element firstLocal(Element parent, String local) {
        return (Element) parent.getElementsByTagNameNS("*", local).item(0);
    }

    static List<Element> children(Element parent, String local) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getLocalName().equals(local)) {
                out.add(e);
            }
        }
        return out;
    }

    static Element firstElementChild(Element parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                return e;
            }
        }
        return null;
    }

    private static Document parse(byte[] xml) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("not XML: " + new String(xml, StandardCharsets.UTF_8), e);
        }
    }
}
