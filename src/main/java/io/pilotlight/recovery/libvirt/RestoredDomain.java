package io.pilotlight.recovery.libvirt;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Text;

/**
 * A saved domain rewritten to run on restored images, beside the original if need be: a new name; no
 * {@code <uuid>} (libvirt makes one on define) and an empty {@code <genid/>} (a new generation id: the guest
 * learns it is a copy); each restored disk a {@code type='file'} disk on its image in the format written,
 * its {@code <backingStore>} and {@code <mirror>} dropped, its target, bus, boot order and address kept;
 * disks the group point does not hold (read-only, shareable) left out; CD-ROM and floppy media left out
 * (the drives stay, empty); MAC addresses removed (libvirt makes new ones: a copy booted while the
 * original runs on the same network must not take its address) unless kept; file serial consoles and
 * their {@code <log>} files moved next to the images; a UEFI {@code <nvram>} dropped (libvirt makes a fresh
 * one from its template, instead of sharing the original's). The notes say what was left out.
 */
public final class RestoredDomain {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.+-]{0,199}");

    private RestoredDomain() {}

    /** A restored disk: the group point member {@code target} ({@code vda}) written to {@code image} in {@code format}. */
    public record Image(String target, Path image, String format) {
        public Image {
            requireNonNull(target, "target is null");
            requireNonNull(image, "image is null");
            requireNonNull(format, "format is null");
        }
    }

    /**
     * How to rewrite: the new domain's {@code name}, a {@code description} line added to the domain's,
     * whether MAC addresses are kept, and the {@code directory} its console logs go to.
     */
    public record Options(String name, String description, boolean keepMacs, Path directory) {
        public Options {
            requireNonNull(name, "name is null");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("domain name '" + name + "' must match " + NAME.pattern());
            }
            requireNonNull(description, "description is null");
            requireNonNull(directory, "directory is null");
        }
    }

    /** The new domain's XML, and what was left out or changed beyond the rules above. */
    public record Result(String xml, List<String> notes) {
        public Result {
            requireNonNull(xml, "xml is null");
            notes = List.copyOf(notes);
        }
    }

    public static Result rewrite(SavedDomain saved, Options options, List<Image> images) throws IOException {
        Document document = saved.copy();
        Element root = document.getDocumentElement();
        List<String> notes = new ArrayList<>();
        SavedDomain.child(root, "name").orElseGet(() -> prepend(root, "name")).setTextContent(options.name());
        SavedDomain.children(root, "uuid").forEach(RestoredDomain::remove);
        SavedDomain.children(root, "genid").forEach(genid -> genid.setTextContent(""));
        Element description = SavedDomain.child(root, "description").orElseGet(() -> append(root, "description"));
        description.setTextContent((description.getTextContent().isBlank() ? "" : description.getTextContent().strip()
                + "\n") + options.description());
        for (Element os : SavedDomain.children(root, "os")) {
            for (Element nvram : SavedDomain.children(os, "nvram")) {
                remove(nvram);
                notes.add("the UEFI variables file " + nvram.getTextContent().strip() + " is the original's: left out,"
                        + " libvirt makes a fresh one from its template");
            }
        }
        disks(saved, root, images, notes);
        devices(root, options);
        return new Result(SavedDomain.write(document), notes);
    }

    private static void disks(SavedDomain saved, Element root, List<Image> images, List<String> notes)
            throws IOException {
        Map<String, Image> byTarget = new LinkedHashMap<>();
        images.forEach(image -> byTarget.put(image.target(), image));
        for (Element disk : SavedDomain.disks(root)) {
            String target = SavedDomain.target(disk);
            String device = disk.getAttribute("device").isEmpty() ? "disk" : disk.getAttribute("device");
            Image image = byTarget.remove(target);
            if (device.equals("cdrom") || device.equals("floppy")) {
                if (!SavedDomain.children(disk, "source").isEmpty()) {
                    notes.add(device + " " + target + ": its media is the original host's, left out (the drive stays,"
                            + " empty)");
                }
                strip(disk, "source", "backingStore", "mirror");
            } else if (image == null) {
                remove(disk);
                notes.add("disk " + target + " is not in the group point (read-only or shareable disks are not backed"
                        + " up): left out");
            } else {
                onImage(disk, image);
            }
        }
        if (!byTarget.isEmpty()) {
            throw new IOException(saved.what() + ": the saved domain XML has no disk " + String.join(", ",
                    byTarget.keySet()) + " of the group point (its disks: " + String.join(", ", SavedDomain.disks(
                            saved.root()).stream().map(SavedDomain::target).toList()) + ")");
        }
    }

    private static void onImage(Element disk, Image image) {
        strip(disk, "source", "backingStore", "mirror");
        disk.setAttribute("type", "file");
        if (disk.getAttribute("device").equals("lun")) {
            disk.setAttribute("device", "disk"); // a LUN passes a host block device through; an image is a disk
        }
        Element driver = SavedDomain.child(disk, "driver").orElseGet(() -> {
            Element created = prepend(disk, "driver");
            created.setAttribute("name", "qemu");
            return created;
        });
        driver.setAttribute("type", image.format());
        Element source = disk.getOwnerDocument().createElement("source");
        source.setAttribute("file", image.image().toAbsolutePath().toString());
        disk.insertBefore(source, driver.getNextSibling());
        if (driver.getPreviousSibling() instanceof Text indent && indent.getData().isBlank()) {
            disk.insertBefore(disk.getOwnerDocument().createTextNode(indent.getData()), source);
        }
    }

    /** NICs lose their MAC unless kept; file consoles and their logs move to the directory. */
    private static void devices(Element root, Options options) {
        Map<String, String> moved = new HashMap<>();
        for (Element devices : SavedDomain.children(root, "devices")) {
            for (Element nic : SavedDomain.children(devices, "interface")) {
                if (!options.keepMacs()) {
                    strip(nic, "mac");
                }
            }
            for (String kind : List.of("serial", "console", "parallel", "channel")) {
                for (Element character : SavedDomain.children(devices, kind)) {
                    if (character.getAttribute("type").equals("file")) {
                        SavedDomain.children(character, "source").forEach(source -> move(source, "path", kind,
                                options, moved));
                    }
                    SavedDomain.children(character, "log").forEach(log -> move(log, "file", kind + "-log", options,
                            moved));
                }
            }
        }
    }

    /** Points {@code attribute} at {@code DIRECTORY/NAME.KIND<n>.log}; the same old path gets the same new one. */
    private static void move(Element element, String attribute, String kind, Options options,
            Map<String, String> moved) {
        String old = element.getAttribute(attribute);
        if (old.isEmpty()) {
            return;
        }
        String path = moved.computeIfAbsent(old, ignored -> options.directory().toAbsolutePath().resolve(
                options.name() + "." + kind + moved.size() + ".log").toString());
        element.setAttribute(attribute, path);
    }

    private static void strip(Element parent, String... names) {
        for (String name : names) {
            SavedDomain.children(parent, name).forEach(RestoredDomain::remove);
        }
    }

    /** Removes {@code element} and the indentation before it. */
    private static void remove(Element element) {
        if (element.getPreviousSibling() instanceof Text indent && indent.getData().isBlank()) {
            element.getParentNode().removeChild(indent);
        }
        element.getParentNode().removeChild(element);
    }

    private static Element prepend(Element parent, String name) {
        Element element = parent.getOwnerDocument().createElement(name);
        parent.insertBefore(element, parent.getFirstChild());
        return element;
    }

    private static Element append(Element parent, String name) {
        Element element = parent.getOwnerDocument().createElement(name);
        Element after = SavedDomain.child(parent, "name").orElse(null);
        parent.insertBefore(element, after == null ? parent.getFirstChild() : after.getNextSibling());
        if (after != null && after.getPreviousSibling() instanceof Text indent && indent.getData().isBlank()) {
            parent.insertBefore(parent.getOwnerDocument().createTextNode(indent.getData()), element);
        }
        return element;
    }
}
