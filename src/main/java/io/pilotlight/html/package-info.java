/**
 * HTML text escaping ({@link io.pilotlight.html.Html}), shared by the status page, the reports, the RPO
 * chart and the alert mails. Nothing of pilotlight below it.
 */
package io.pilotlight.html;
