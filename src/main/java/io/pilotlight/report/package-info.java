/**
 * Protection reports ({@code pilotlight report}, and the daemon's {@code reports:} jobs): per disk and
 * group over a period, the RPO compliance (share of time the achieved RPO was within its target), the
 * achieved RPO over time as an SVG chart, points taken and kept, bytes moved, failures and their
 * reasons, change-tracking fallbacks, verify results, the newest point a drill proved bootable and a
 * follower's standby age. Made from what a host can read: the daemon's run history
 * ({@code history.jsonl}) and the repositories (points, group points, drill records). Renders
 * Markdown, JSON and one self-contained HTML file; {@link io.pilotlight.report.ReportSink}s deliver
 * it. Reads only: it writes no repository and no history. It may use daemon (the journal's records),
 * repo, recovery (a follower's state file), schedule and progress; never cli.
 */
package io.pilotlight.report;
