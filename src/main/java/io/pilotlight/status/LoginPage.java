package io.pilotlight.status;

import io.pilotlight.html.Html;

/**
 * The answer to a browser that has no token yet: why, and a field to give the token once (it is
 * sent as {@code ?token=}, and the page that answers sets a cookie and drops the query).
 */
public final class LoginPage {
    private LoginPage() {
    }

    public static String render(String path, String message) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>pilotlight: token required</title><style>body{font-family:system-ui,sans-serif;"
                + "margin:24px;max-width:40em}input{font-size:1em;padding:6px;margin:4px 0}</style></head><body>"
                + "<h1>Token required</h1><p>" + Html.escape(message) + ".</p><p>This daemon listens beyond this"
                + " host, so every page needs its API token (listener.token in the daemon's configuration).</p>"
                + "<form method=\"get\" action=\"" + Html.escape(path) + "\"><label>Token <input type=\"password\""
                + " name=\"token\" autocomplete=\"current-password\" required></label> <button type=\"submit\">"
                + "Open</button></form></body></html>\n";
    }
}
