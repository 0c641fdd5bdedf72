package io.pilotlight.vsphere;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * One page of a {@code QueryChangedDiskAreas} answer: the range {@code [startOffset, startOffset +
 * length)} it covers and the changed areas inside it.
 */
public record DiskChangeInfo(long startOffset, long length, List<DiskArea> areas) {
    public DiskChangeInfo {
        areas = List.copyOf(requireNonNull(areas, "areas is null"));
        if (startOffset < 0 || length < 0) {
            throw new IllegalArgumentException("changed disk areas from " + startOffset + " of length " + length
                    + " are negative");
        }
        for (DiskArea area : areas) {
            if (area.start() < startOffset || area.end() > startOffset + length) {
                throw new IllegalArgumentException("changed disk area at " + area.start() + " of length "
                        + area.length() + " lies outside the answer's range " + startOffset + " + " + length);
            }
        }
    }

    /** Reads the {@code returnval} of a {@code QueryChangedDiskAreasResponse}. */
    public static DiskChangeInfo fromReturnValue(XmlElement returnValue) {
        List<DiskArea> areas = new ArrayList<>();
        for (XmlElement area : returnValue.children("changedArea")) {
            areas.add(new DiskArea(Long.parseLong(area.requiredText("start")), Long.parseLong(area.requiredText("length"))));
        }
        return new DiskChangeInfo(Long.parseLong(returnValue.requiredText("startOffset")),
                Long.parseLong(returnValue.requiredText("length")), areas);
    }
}
