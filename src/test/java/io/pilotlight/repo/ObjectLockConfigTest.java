package io.pilotlight.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.store.InMemoryObjectStore;
import io.pilotlight.store.ObjectRetention;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Object Lock setting of a repository (docs/design.md §21.1) and the retention dates it gives. */
class ObjectLockConfigTest {

    @Test
    void theLockIsRecordedInConfigAndReadBackAndAnUnlockedConfigHasNoField() throws Exception {
        RepoConfig locked = RepoConfig.create(65536, false, Optional.of(new ObjectLock("governance", 30)));
        RepoConfig read = RepoConfig.fromJson("config", locked.toJson());
        assertThat(read.lock()).contains(new ObjectLock("governance", 30));
        assertThat(new String(locked.toJson(), StandardCharsets.UTF_8)).contains("\"objectLock\"")
                .contains("\"mode\" : \"governance\"").contains("\"days\" : 30");

        RepoConfig plain = RepoConfig.create(65536);
        assertThat(new String(plain.toJson(), StandardCharsets.UTF_8)).doesNotContain("objectLock");
        assertThat(RepoConfig.fromJson("config", plain.toJson()).lock()).isEmpty();
        assertThat(locked.upgraded().lock()).as("a format upgrade keeps the lock").contains(new ObjectLock("governance", 30));
    }

    @Test
    void invalidModesAndDaysAreRefusedNamingTheRule() {
        assertThatThrownBy(() -> new ObjectLock("legal-hold", 7)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lock mode 'legal-hold' is invalid: use governance or compliance");
        assertThatThrownBy(() -> new ObjectLock("compliance", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lock days 0 is invalid: it must be 1 to 36500");
    }

    @Test
    void retentionLastsThePeriodInWholeSecondsRoundedUpAndRenewsATenthAhead() {
        ObjectLock lock = new ObjectLock("compliance", 30);
        Instant created = Instant.parse("2026-12-03T10:00:00.250Z");
        ObjectRetention retention = lock.from(created);
        assertThat(retention).isEqualTo(new ObjectRetention(ObjectRetention.Mode.COMPLIANCE, Instant.parse("2027-01-02T10:00:01Z")));
        assertThat(lock.renewalAhead()).isEqualTo(Duration.ofDays(3));
        assertThat(new ObjectLock("governance", 1).renewalAhead()).isEqualTo(Duration.ofMinutes(144));
        assertThat(retention.covers(ObjectRetention.Mode.GOVERNANCE, created.plus(Duration.ofDays(30)))).isTrue();
        assertThat(new ObjectRetention(ObjectRetention.Mode.GOVERNANCE, retention.until())
                .covers(ObjectRetention.Mode.COMPLIANCE, created)).as("governance is weaker than compliance").isFalse();
    }

    @Test
    void aStoreThatCannotLockRefusesALockedRepository() {
        assertThatThrownBy(() -> Repository.init(new InMemoryObjectStore(), 65536,
                Optional.of(new ObjectLock("compliance", 7)), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--lock-days needs an S3 bucket with Object Lock enabled");
    }
}
