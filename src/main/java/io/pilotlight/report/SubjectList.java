package io.pilotlight.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subjects of a report: those the scope names, then (discovering) every group and disk of each
 * repository, and every member disk of a group, made by its group's job and held to its group's target.
 */
final class SubjectList {
    private SubjectList() {
    }

    static List<Subject> of(ReportScope scope, Map<String, RepositoryFacts> repositories, List<String> notes) {
        Map<String, Subject> subjects = new LinkedHashMap<>();
        scope.subjects().forEach(subject -> subjects.put(key(subject), subject));
        if (scope.discover()) {
            repositories.forEach((name, facts) -> discover(name, facts, scope, subjects, notes));
        }
        for (Subject group : new ArrayList<>(subjects.values())) {
            if (group.kind() == Subject.Kind.GROUP) {
                members(group, repositories.get(group.repository()), subjects, notes);
            }
        }
        return List.copyOf(subjects.values());
    }

    private static void discover(String name, RepositoryFacts facts, ReportScope scope, Map<String, Subject> subjects,
            List<String> notes) {
        try {
            for (String group : facts.repository().groups()) {
                subjects.putIfAbsent("group " + name + "/" + group, new Subject(Subject.Kind.GROUP, group, name,
                        scope.defaultTarget(), group));
            }
            Map<String, Subject> disks = new LinkedHashMap<>();
            for (String disk : facts.repository().disks()) {
                disks.put("disk " + name + "/" + disk, new Subject(Subject.Kind.DISK, disk, name, scope.defaultTarget(),
                        disk));
            }
            for (Subject group : List.copyOf(subjects.values())) {
                if (group.kind() == Subject.Kind.GROUP && group.repository().equals(name)) {
                    members(group, facts, disks, notes);
                }
            }
            disks.forEach(subjects::putIfAbsent);
        } catch (IOException | RuntimeException e) {
            notes.add("repository " + name + ": cannot list its disks and groups: " + e.getMessage());
        }
    }

    /** Adds (or re-attributes, when discovered) the group's member disks: their runs are the group's. */
    private static void members(Subject group, RepositoryFacts facts, Map<String, Subject> subjects,
            List<String> notes) {
        if (facts == null) {
            return;
        }
        try {
            for (String disk : facts.members(group.name())) {
                String key = "disk " + group.repository() + "/" + disk;
                Subject known = subjects.get(key);
                if (known == null || known.job().equals(disk)) {
                    subjects.put(key, new Subject(Subject.Kind.DISK, disk, group.repository(),
                            known != null && known.target().isPresent() && group.target().isEmpty() ? known.target()
                                    : group.target(), group.job()));
                }
            }
        } catch (IOException | RuntimeException e) {
            notes.add(group.label() + ": cannot read its members from repository " + group.repository() + ": "
                    + e.getMessage());
        }
    }

    private static String key(Subject subject) {
        return subject.kind().word() + " " + subject.repository() + "/" + subject.name();
    }
}
