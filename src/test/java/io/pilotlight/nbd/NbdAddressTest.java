package io.pilotlight.nbd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NbdAddressTest {
    @Test
    void parsesUnixSocketUris() {
        NbdAddress address = NbdAddress.parse("nbd+unix:///disk0?socket=/run/nbd/vm.sock");
        assertThat(address).isEqualTo(new NbdAddress(Optional.of(Path.of("/run/nbd/vm.sock")), Optional.empty(), 0, "disk0"));
        assertThat(address.uri()).isEqualTo("nbd+unix:///disk0?socket=/run/nbd/vm.sock");
        assertThat(NbdAddress.parse("nbd+unix:///?socket=/tmp/s").export()).isEmpty();
    }

    @Test
    void parsesTcpUrisWithDefaultPort() {
        assertThat(NbdAddress.parse("nbd://10.0.0.5/sda"))
                .isEqualTo(new NbdAddress(Optional.empty(), Optional.of("10.0.0.5"), 10809, "sda"));
        NbdAddress address = NbdAddress.parse("nbd://127.0.0.1:10900/");
        assertThat(address.port()).isEqualTo(10900);
        assertThat(address.export()).isEmpty();
        assertThat(address.uri()).isEqualTo("nbd://127.0.0.1:10900/");
        assertThat(NbdAddress.parse("nbd://[::1]:5000/a%20b").host()).contains("::1");
        assertThat(NbdAddress.parse("nbd://[::1]:5000/a%20b").uri()).isEqualTo("nbd://[::1]:5000/a%20b");
    }

    @Test
    void rejectsBadUrisNamingTheUriAndTheRule() {
        assertThatThrownBy(() -> NbdAddress.parse("http://x/y")).hasMessageContaining("'http://x/y'").hasMessageContaining("unknown scheme");
        assertThatThrownBy(() -> NbdAddress.parse("nbd+unix:///disk")).hasMessageContaining("missing ?socket=PATH");
        assertThatThrownBy(() -> NbdAddress.parse("nbd+unix://host/disk?socket=/s")).hasMessageContaining("no host");
        assertThatThrownBy(() -> NbdAddress.parse("nbd://h:99999/")).hasMessageContaining("outside 1..65535");
        assertThatThrownBy(() -> NbdAddress.parse("nbd://h:x/")).hasMessageContaining("'x' is not a number");
        assertThatThrownBy(() -> NbdAddress.parse("nbd:///disk")).hasMessageContaining("missing host");
    }
}
