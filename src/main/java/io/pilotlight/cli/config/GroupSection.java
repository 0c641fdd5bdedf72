package io.pilotlight.cli.config;

import io.pilotlight.source.libvirt.LibvirtTarget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * {@code groups}: {@code members} (disk name to source URI), a vSphere {@code source} or a libvirt
 * {@code source}, and a {@link Protection}.
 */
final class GroupSection {
    private GroupSection() {}

    static Map<String, GroupConfig> read(MappingReader top, ParseContext context) {
        return NamedSection.read(top, "groups", "group", "e.g. groups: {web-1: {members: {...}, schedule: ...}}",
                (name, group) -> {
                    boolean membersGiven = group.has("members");
                    Optional<Map<String, String>> members = group.optional("members", GroupSection::members);
                    boolean sourceGiven = group.has("source");
                    group.has("vsphere"); // a valid key even when members make it wrong
                    boolean libvirtGiven = !membersGiven && isLibvirt(group);
                    Optional<VsphereSource> vsphere = membersGiven || libvirtGiven ? Optional.empty() : vsphere(group);
                    Optional<String> libvirt = libvirtGiven ? libvirt(group) : Optional.empty();
                    Optional<Protection> protection = DiskSection.protection(group, context);
                    if (membersGiven == sourceGiven) {
                        context.problems().error(group.node(), group.path(),
                                "a group needs exactly one of 'members' and 'source'", GroupConfig.HINT);
                        return Optional.empty();
                    }
                    if ((membersGiven && members.isEmpty()) || (sourceGiven && vsphere.isEmpty() && libvirt.isEmpty())
                            || protection.isEmpty()) {
                        return Optional.empty();
                    }
                    return Optional.of(new GroupConfig(name, members.orElse(Map.of()), vsphere, libvirt,
                            protection.get()));
                });
    }

    private static Optional<Map<String, String>> members(Node node, String path, Problems problems) {
        if (node instanceof SequenceNode list) {
            return memberList(list, path, problems);
        }
        Optional<MappingReader> reader = MappingReader.of(node, path, problems, "e.g. members: {sda: file:/dev/vg0/web-sda}");
        if (reader.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> members = new LinkedHashMap<>();
        boolean valid = true;
        for (Map.Entry<String, NodeTuple> member : reader.get().entries().entrySet()) {
            String memberPath = reader.get().child(member.getKey());
            Optional<String> name = Scalars.name("disk").read(member.getValue().getKeyNode(), memberPath, problems);
            Optional<String> uri = Scalars.scalar("a source URI", SourceCheck::disk)
                    .read(member.getValue().getValueNode(), memberPath, problems);
            valid &= name.isPresent() && uri.isPresent();
            uri.ifPresent(value -> members.put(member.getKey(), value));
        }
        if (members.isEmpty() && valid) {
            problems.error(node, path, "a group needs at least one member", "e.g. members: {sda: file:/dev/vg0/web-sda}");
        }
        return valid && !members.isEmpty() ? Optional.of(members) : Optional.empty();
    }

    /** {@code members: [NAME=URI, ...]}, as {@code replicate --group} takes them. */
    private static Optional<Map<String, String>> memberList(SequenceNode list, String path, Problems problems) {
        Map<String, String> members = new LinkedHashMap<>();
        boolean valid = !list.getValue().isEmpty();
        if (!valid) {
            problems.error(list, path, "a group needs at least one member", "e.g. members: [sda=file:/dev/vg0/web-sda]");
        }
        for (Node item : list.getValue()) {
            Optional<String[]> member = Scalars.scalar("NAME=URI", GroupSection::nameAndUri).read(item, path, problems);
            if (member.isPresent() && members.putIfAbsent(member.get()[0], member.get()[1]) != null) {
                problems.error(item, path, "member '" + member.get()[0] + "' is given twice", "");
                valid = false;
            }
            valid &= member.isPresent();
        }
        return valid ? Optional.of(members) : Optional.empty();
    }

    private static String[] nameAndUri(String text) {
        int equals = text.indexOf('=');
        if (equals < 0) {
            throw new InvalidValue("member '" + text + "' is not NAME=URI", "e.g. sda=file:/dev/vg0/web-sda");
        }
        return new String[] {Scalars.checkName("disk", text.substring(0, equals)),
            SourceCheck.disk(text.substring(equals + 1))};
    }

    private static boolean isLibvirt(MappingReader group) {
        return group.value("source").filter(node -> node instanceof ScalarNode scalar
                && scalar.getValue().startsWith(LibvirtTarget.SCHEME + ":")).isPresent();
    }

    /** {@code source: libvirt://[URI]/DOMAIN[?scratch=DIR]}: every disk of a libvirt domain; no options. */
    private static Optional<String> libvirt(MappingReader group) {
        if (group.has("vsphere")) {
            group.problems().error(group.value("vsphere").get(), group.child("vsphere"),
                    "vsphere options need source: vsphere://USER@HOST/VM", "a libvirt:// source takes no options");
        }
        Optional<String> uri = group.optional("source", Scalars.scalar("a libvirt source", GroupConfig::checkLibvirt));
        return group.has("vsphere") ? Optional.empty() : uri;
    }

    /** {@code source: vsphere://USER@HOST/VM} with its {@code vsphere} options, when a source is given. */
    private static Optional<VsphereSource> vsphere(MappingReader group) {
        Optional<String> uri = group.optional("source", Scalars.text());
        boolean optionsGiven = group.has("vsphere");
        if (uri.isEmpty()) {
            if (optionsGiven) {
                group.problems().error(group.value("vsphere").get(), group.child("vsphere"),
                        "vsphere options need source: vsphere://USER@HOST/VM", "");
            }
            return Optional.empty();
        }
        Problems problems = group.problems();
        String path = group.child("vsphere");
        Optional<MappingReader> reader = optionsGiven
                ? MappingReader.of(group.value("vsphere").get(), path, problems, "e.g. vsphere: {password: {env: X}}")
                : Optional.empty();
        if (reader.isEmpty()) {
            if (!optionsGiven) {
                problems.error(group.node(), path, "missing required key 'vsphere'",
                        "a vsphere:// source needs at least vsphere: {password: {env: VSPHERE_PASSWORD}}");
            }
            return Optional.empty();
        }
        return vsphereOptions(uri.get(), reader.get(), problems, group.child("source"),
                group.value("source").get());
    }

    private static Optional<VsphereSource> vsphereOptions(String uri, MappingReader options, Problems problems,
            String sourcePath, Node sourceNode) {
        Optional<SecretRef> password = options.required("password", SecretSection.reader(), SecretSection.HINT);
        Optional<String> thumbprint = options.optional("thumbprint", Scalars.text());
        boolean enableCbt = options.optional("enable-cbt", Scalars.bool()).orElse(false);
        boolean quiesce = options.optional("quiesce", Scalars.bool()).orElse(false);
        Optional<Map<String, String>> diskNbd = options.optional("disk-nbd", GroupSection::diskNbd);
        Optional<List<String>> command = options.optional("disk-nbd-command", Scalars.textList());
        options.finish();
        if (password.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new VsphereSource(uri, password.get(), thumbprint, enableCbt, quiesce,
                    diskNbd.orElse(Map.of()), command));
        } catch (InvalidValue e) {
            problems.error(sourceNode, sourcePath, e.getMessage(), e.hint());
            return Optional.empty();
        }
    }

    private static Optional<Map<String, String>> diskNbd(Node node, String path, Problems problems) {
        return MappingReader.of(node, path, problems, "e.g. disk-nbd: {\"scsi0:0\": nbd+unix:///x?socket=/run/x.sock}")
                .map(reader -> {
                    Map<String, String> byLabel = new LinkedHashMap<>();
                    reader.entries().forEach((label, tuple) -> Scalars.text()
                            .read(tuple.getValueNode(), reader.child(label), problems)
                            .ifPresent(uri -> byLabel.put(label, uri)));
                    return byLabel;
                });
    }
}
