package io.pilotlight.cli.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * The daemon runs a job per disk, group, follower, verify, prune, drill, cloud-sync and report entry, and names it by
 * the entry's name: one name used in two of these sections is an error at its second use.
 */
final class JobNames {
    static final List<String> SECTIONS = List.of("disks", "groups", "followers", "verify", "prune", "drills", "cloud-sync",
            "reports");

    private JobNames() {}

    static void check(MappingReader top) {
        Map<String, String> firstUse = new HashMap<>();
        for (String section : SECTIONS) {
            Optional<Node> value = top.value(section);
            if (value.isEmpty() || !(value.get() instanceof MappingNode mapping)) {
                continue;
            }
            for (NodeTuple entry : mapping.getValue()) {
                if (!(entry.getKeyNode() instanceof ScalarNode key)) {
                    continue;
                }
                String name = key.getValue();
                String earlier = firstUse.putIfAbsent(name, section);
                if (earlier != null && !earlier.equals(section)) {
                    top.problems().error(key, section + "." + name, "name '" + name + "' is already used by "
                            + earlier + "." + name, "disks, groups, followers, verify, prune, drills, cloud-sync and reports share one"
                            + " namespace of job names in the daemon: rename one");
                }
            }
        }
    }
}
