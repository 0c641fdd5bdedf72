package io.pilotlight.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FullPassTest {

    @Test
    void coversTheWholeDisk() {
        FullPass pass = new FullPass(10_000, Optional.of("t"), List.of());

        assertThat(pass.changed()).containsExactly(new Extent(0, 10_000));
        assertThat(pass.fullPass()).isTrue();
        assertThat(pass.nextToken()).contains("t");
    }

    @Test
    void warningsAreCopied() {
        List<String> warnings = new ArrayList<>(List.of("bitmap lost"));
        FullPass pass = new FullPass(1, Optional.empty(), warnings);
        warnings.clear();

        assertThat(pass.warnings()).containsExactly("bitmap lost");
    }

    @Test
    void aNegativeSizeIsRefused() {
        assertThatThrownBy(() -> new FullPass(-1, Optional.empty(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }
}
