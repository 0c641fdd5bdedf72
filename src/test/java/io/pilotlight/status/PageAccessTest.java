package io.pilotlight.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Bearer header, the ?token= login and its cookie, and what the cookie does not admit. */
class PageAccessTest {
    private final PageAccess access = new PageAccess(Optional.of("s3cret"));

    private PageAccess.Decision get(String query, String authorization, String cookies) {
        return access.decide("GET", "/disks/a", Optional.ofNullable(query), Optional.ofNullable(authorization),
                Optional.ofNullable(cookies));
    }

    @Test
    void withoutATokenEveryoneOnTheHostMaySee() {
        PageAccess open = new PageAccess(Optional.empty());
        assertThat(open.required()).isFalse();
        assertThat(open.decide("POST", "/api/jobs/a/run", Optional.empty(), Optional.empty(), Optional.empty()))
                .isInstanceOf(PageAccess.Decision.Allowed.class);
    }

    @Test
    void theBearerHeaderAdmitsAndAWrongOneDenies() {
        assertThat(access.required()).isTrue();
        assertThat(get(null, "Bearer s3cret", null)).isInstanceOf(PageAccess.Decision.Allowed.class);
        assertThat(get(null, "Bearer wrong", null)).isEqualTo(new PageAccess.Decision.Denied("the bearer token is wrong"));
        assertThat(get(null, null, null)).isInstanceOf(PageAccess.Decision.Denied.class);
    }

    @Test
    void aBrowserLogsInOnceWithTheQueryAndThenUsesTheCookie() {
        PageAccess.Decision login = get("refresh=1&token=s3cret", null, null);
        assertThat(login).isInstanceOf(PageAccess.Decision.Login.class);
        PageAccess.Decision.Login sent = (PageAccess.Decision.Login) login;
        assertThat(sent.location()).isEqualTo("/disks/a");
        assertThat(sent.setCookie()).startsWith(PageAccess.COOKIE + "=").contains("HttpOnly").contains("SameSite=Strict")
                .doesNotContain("s3cret");
        String cookie = sent.setCookie().substring(0, sent.setCookie().indexOf(';'));

        assertThat(get(null, null, "other=1; " + cookie)).isInstanceOf(PageAccess.Decision.Allowed.class);
        assertThat(get(null, null, PageAccess.COOKIE + "=forged")).isInstanceOf(PageAccess.Decision.Denied.class);
        assertThat(get("token=wrong", null, null))
                .isEqualTo(new PageAccess.Decision.Denied("the token given in ?token= is wrong"));
        assertThat(access.decide("POST", "/api/jobs/a/run", Optional.empty(), Optional.empty(), Optional.of(cookie)))
                .as("the cookie admits GET only, so no other site can start a job").isInstanceOf(
                        PageAccess.Decision.Denied.class);
    }

    @Test
    void aBlankTokenIsRefused() {
        assertThatThrownBy(() -> new PageAccess(Optional.of(" "))).hasMessageContaining("blank");
    }
}
