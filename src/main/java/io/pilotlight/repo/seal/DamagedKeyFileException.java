package io.pilotlight.repo.seal;

import java.io.IOException;

/**
 * A key file under {@code keys/} is not what it must be: not JSON, a field out of its rules, or
 * fields that no longer match its checksum (docs/design.md §20.2). Damage, told apart from a wrong
 * passphrase without needing one; the message starts {@code key file keys/<id> is damaged:}.
 */
public final class DamagedKeyFileException extends IOException {
    public DamagedKeyFileException(String message) {
        super(message);
    }
}
