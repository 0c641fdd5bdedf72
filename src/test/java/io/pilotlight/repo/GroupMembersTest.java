package io.pilotlight.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The {@code <group>-<name>} rule of docs/design.md §8a. */
class GroupMembersTest {
    @Test
    void aMemberIsTheDiskGroupDashName() {
        assertThat(GroupMembers.diskName("web1", "scsi0-0")).isEqualTo("web1-scsi0-0");
        assertThat(GroupMembers.diskName("db1", "os")).isEqualTo("db1-os");
    }

    @Test
    void theGroupTheNameAndTheResultAreChecked() {
        assertThatThrownBy(() -> GroupMembers.diskName("Web1", "os")).hasMessageContaining("group name 'Web1'");
        assertThatThrownBy(() -> GroupMembers.diskName("web1", "")).hasMessageContaining("group web1: member name ''")
                .hasMessageContaining(GroupMembers.NAME_RULE);
        assertThatThrownBy(() -> GroupMembers.diskName("web1", "Hard disk 1"))
                .hasMessageContaining("member name 'Hard disk 1'");
        String long60 = "a".repeat(60);
        assertThatThrownBy(() -> GroupMembers.diskName(long60, "data"))
                .hasMessageContaining("disk name '" + long60 + "-data'").hasMessageContaining("at most 64 characters");
    }
}
