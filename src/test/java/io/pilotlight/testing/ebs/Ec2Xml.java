package io.pilotlight.testing.ebs;

import java.util.Map;
import java.util.UUID;

/** The XML answers of the EC2 query protocol, written as the SDK parses them. */
final class Ec2Xml {
    private final StringBuilder xml = new StringBuilder();

    private Ec2Xml() {}

    /** {@code <ActionResponse xmlns=…><requestId>…</requestId>BODY</ActionResponse>}. */
    static String response(String action, String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + action + "Response xmlns=\"http://ec2.amazonaws.com/doc/"
                + "2016-11-15/\"><requestId>" + UUID.randomUUID() + "</requestId>" + body + "</" + action + "Response>";
    }

    static String element(String name, Object value) {
        return "<" + name + ">" + escape(String.valueOf(value)) + "</" + name + ">";
    }

    static String tagSet(Map<String, String> tags) {
        StringBuilder set = new StringBuilder("<tagSet>");
        tags.forEach((key, value) -> set.append("<item>").append(element("key", key)).append(element("value", value))
                .append("</item>"));
        return set.append("</tagSet>").toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
