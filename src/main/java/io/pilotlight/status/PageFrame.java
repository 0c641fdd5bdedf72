package io.pilotlight.status;

import io.pilotlight.html.Html;
import io.pilotlight.rpo.ShortDuration;
import java.time.Duration;
import java.time.Instant;

/**
 * The shell of every page: the phone-sized viewport, the refresh (a {@code <meta http-equiv=refresh>},
 * so it works without script), the inline stylesheet, the heading with the time of the snapshot.
 */
final class PageFrame {
    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;padding:0 12px 24px;\
            color:#1b1b1b;background:#fafafa;line-height:1.4}
            header{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:baseline;gap:8px;\
            border-bottom:1px solid #ddd;margin-bottom:12px}
            h1{font-size:1.3em;margin:12px 0 8px}h2{font-size:1.1em;margin:20px 0 6px}h3{font-size:1em;margin:12px 0 4px}
            .meta{color:#555;font-size:.9em}
            table{border-collapse:collapse;width:100%;background:#fff;margin-bottom:8px}
            th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e3e3e3;vertical-align:top}
            td,dd{overflow-wrap:anywhere}
            th{background:#f0f0f0;font-weight:600}
            .state{display:inline-block;padding:2px 8px;border-radius:10px;font-weight:600;white-space:nowrap}
            .ok .state,.state.ok{background:#e6f4ea;color:#1e5b2b;border:1px solid #2e7d32}
            .late .state,.state.late{background:#fff4d6;color:#6b4b00;border:1px solid #f9a825}
            .severe .state,.state.severe{background:#ffe0cc;color:#7a2e00;border:1px solid #ef6c00}
            .critical .state,.state.critical{background:#fde0e0;color:#8e0000;border:1px solid #c62828}
            .none .state,.state.none{background:#eee;color:#333;border:1px solid #888}
            tr.ok td:first-child{border-left:6px solid #2e7d32}tr.late td:first-child{border-left:6px solid #f9a825}
            tr.severe td:first-child{border-left:6px solid #ef6c00}
            tr.critical td:first-child{border-left:6px solid #c62828}tr.none td:first-child{border-left:6px solid #888}
            tr.failed td{background:#fdecec}
            section.item{background:#fff;border:1px solid #ddd;border-radius:6px;padding:8px 12px;margin:12px 0}
            .error{color:#8e0000}.chart{width:100%;max-width:820px;height:auto;display:block}
            td:first-child a{white-space:nowrap}
            dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:4px 0}dt{color:#555}dd{margin:0}
            a{color:#0b57d0}
            @media (max-width:640px){table.summary thead{display:none}table.summary tr{display:block;            border-bottom:2px solid #ddd}dl{grid-template-columns:1fr}dt{margin-top:4px}
            body{padding:0 6px 16px}section.item{padding:6px}th,td{padding:4px}table{table-layout:fixed}
            table.points th:nth-child(5),table.points td:nth-child(5),table.runs th:nth-child(5),            table.runs td:nth-child(5){display:none}
            table.summary td{display:block;border:none;padding:2px 8px}
            table.summary td::before{content:attr(data-label) ": ";color:#555}}
            """;

    private PageFrame() {
    }

    static String page(String title, Instant time, Duration refresh, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta http-equiv=\"refresh\" content=\"" + refresh.toSeconds() + "\">"
                + "<title>" + Html.escape(title) + "</title><style>" + STYLE + "</style></head><body>"
                + "<header><h1>" + Html.escape(title) + "</h1><span class=\"meta\">as of <time datetime=\""
                + Html.escape(time) + "\">" + Html.escape(Quantities.time(time)) + "</time>; refreshes every "
                + Html.escape(ShortDuration.format(refresh)) + "</span></header>" + body + "</body></html>\n";
    }

    /** A {@code <span class="state CLASS">label</span>}: the state in colour and in words. */
    static String badge(RpoState state) {
        return "<span class=\"state " + state.cssClass() + "\">" + Html.escape(state.label()) + "</span>";
    }
}
