package io.pilotlight.repo.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The key file's checksum (docs/design.md §20.2): damage reads as damage, without the passphrase,
 * never as a wrong passphrase; a key file written before the checksum still opens.
 */
class KeyFileTest {
    private static final String REPOSITORY = "3f2a6c1e-0000-4000-8000-000000000001";
    private static final char[] PASSPHRASE = "a passphrase".toCharArray();
    private static final MasterKey MASTER = MasterKey.random();

    private static KeyFile written() {
        return KeyFile.wrap(REPOSITORY, "0123456789abcdef", "2026-12-03T18:00:00Z", "host-a", MASTER, PASSPHRASE,
                Argon2Params.fresh(8 * 1024, 1));
    }

    @Test
    void aWrittenKeyFileCarriesTheChecksumOfItsFieldsAndReadsBack() throws Exception {
        KeyFile file = written();
        assertThat(file.checksum()).hasSize(64);
        String json = new String(file.toJson(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"checksum\" : \"" + file.checksum() + "\"");
        KeyFile read = KeyFile.fromJson("keys/0123456789abcdef", file.toJson());
        assertThat(read).isEqualTo(file);
        assertThat(read.unwrap(REPOSITORY, PASSPHRASE)).contains(MASTER);
        assertThat(read.unwrap(REPOSITORY, "wrong".toCharArray())).isEmpty();
        assertThat(file.canonical()).startsWith("version=1\nid=0123456789abcdef\ncreated=2026-12-03T18:00:00Z\n"
                + "host=host-a\nkind=passphrase\nkdf.algorithm=argon2id\nkdf.memoryKib=8192\n").endsWith("\n")
                .contains("\nwrapped=" + file.wrapped() + "\n");
    }

    /** Each byte flipped: damaged, or (a flip in the name "checksum" itself) every field still as written. */
    @Test
    void everyFlippedByteIsDamageOrLeavesEveryFieldWhole() throws Exception {
        KeyFile file = written();
        byte[] json = file.toJson();
        int damaged = 0;
        for (int at = 0; at < json.length; at++) {
            byte[] flipped = json.clone();
            flipped[at] ^= 0x01;
            try {
                KeyFile read = KeyFile.fromJson("keys/" + file.id(), flipped);
                assertThat(read.canonical()).as("byte " + at + " flipped, read without complaint").isEqualTo(
                        file.canonical());
                assertThat(read.unwrap(REPOSITORY, PASSPHRASE)).contains(MASTER);
            } catch (DamagedKeyFileException e) {
                assertThat(e).hasMessageStartingWith("key file keys/" + file.id() + " is damaged: ");
                damaged++;
            }
        }
        assertThat(damaged).isGreaterThan(json.length - 12);
    }

    @Test
    void aChangedFieldIsDamageNamingTheChecksum() {
        String json = new String(written().toJson(), StandardCharsets.UTF_8).replace("host-a", "host-b");
        assertThatThrownBy(() -> KeyFile.fromJson("keys/0123456789abcdef", json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DamagedKeyFileException.class)
                .hasMessageStartingWith("key file keys/0123456789abcdef is damaged: its fields do not match its checksum");
    }

    @Test
    void aKeyFileWithoutAChecksumStillOpensAndIsStillChecked() throws Exception {
        KeyFile file = written();
        String old = new String(file.toJson(), StandardCharsets.UTF_8).replaceAll(",\\s*\"checksum\" : \"[0-9a-f]+\"", "");
        assertThat(old).doesNotContain("checksum");
        KeyFile read = KeyFile.fromJson("keys/" + file.id(), old.getBytes(StandardCharsets.UTF_8));
        assertThat(read.checksum()).isNull();
        assertThat(read.unwrap(REPOSITORY, PASSPHRASE)).isEqualTo(Optional.of(MASTER));
        assertThatThrownBy(() -> KeyFile.fromJson("keys/" + file.id(), old.replace(file.wrapped(),
                file.wrapped().substring(4)).getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DamagedKeyFileException.class).hasMessageContaining("wrapped master key is 57 bytes, not 60");
        assertThatThrownBy(() -> KeyFile.fromJson("keys/fedcba9876543210", file.toJson()))
                .isInstanceOf(DamagedKeyFileException.class).hasMessageContaining("it names itself key " + file.id());
        assertThatThrownBy(() -> KeyFile.fromJson("keys/" + file.id(), "{\"version\":1,".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DamagedKeyFileException.class).hasMessageContaining("is damaged: not a valid key file");
    }
}
