package io.pilotlight.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = RetryPolicy.DEFAULT;

    @Test
    void defaultsAre200MillisDoublingToTenSecondsOverSixAttempts() {
        assertThat(policy).isEqualTo(new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(10), 6));
        assertThat(policy.ceilingAfter(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.ceilingAfter(2)).isEqualTo(Duration.ofMillis(400));
        assertThat(policy.ceilingAfter(5)).isEqualTo(Duration.ofMillis(3200));
        assertThat(policy.ceilingAfter(6)).isEqualTo(Duration.ofMillis(6400));
        assertThat(policy.ceilingAfter(7)).as("12.8 s is capped").isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.ceilingAfter(1000)).as("no overflow").isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void fullJitterSpreadsDelaysOverTheWholeRange() {
        Random random = new Random(1);
        long ceiling = policy.ceilingAfter(3).toNanos();
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 1000; i++) {
            long delay = policy.delayAfter(3, random).toNanos();
            assertThat(delay).isBetween(0L, ceiling);
            min = Math.min(min, delay);
            max = Math.max(max, delay);
        }
        assertThat(min).isLessThan(ceiling / 20);
        assertThat(max).isGreaterThan(ceiling - ceiling / 20);
    }

    @Test
    void invalidFieldsAreRejectedNamingTheField() {
        assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, Duration.ofSeconds(1), 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseDelay");
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDelay");
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofMillis(1), Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAttempts 0");
        assertThatThrownBy(() -> new RetryPolicy(null, Duration.ofSeconds(1), 1))
                .isInstanceOf(NullPointerException.class).hasMessage("baseDelay is null");
        assertThatThrownBy(() -> policy.ceilingAfter(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
