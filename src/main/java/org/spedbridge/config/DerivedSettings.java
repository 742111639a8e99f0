package org.spedbridge.config;

import java.util.Properties;

/**
 * Route placeholders whose value follows from other settings (a route cannot compute them):
 * <ul>
 *   <li>{@code siras.sftp.strict-host-key-checking}: {@code yes}, or {@code no} when
 *       {@code siras.sftp.insecure-skip-host-key-check=true} (a lab only; every run then logs a warning);</li>
 *   <li>{@code siras.sftp.verified-known-hosts-file}: {@code siras.sftp.known-hosts-file}, blank when host keys are
 *       not checked, so that JSch does not write the unverified key into the file (which would silently trust
 *       it once checking is turned back on);</li>
 *   <li>{@code report.mail.smtp-user}: present only when {@code mail.smtp.username} is not blank, so that the
 *       route's optional placeholder drops it and camel-mail does not try to log in with an empty user name
 *       (an SMTP relay without login);</li>
 *   <li>{@code report.mail.smtp-configured}: {@code mail.smtp.host} is not blank (the SMTP route exists only then);</li>
 *   <li>{@code report.mail.sender-enabled}: the outbox is sent through SMTP only when {@code mail.smtp.host}
 *       is not blank and {@code report.mail.outbox-sender} is not {@code false}; otherwise mails stay as files.</li>
 * </ul>
 */
public final class DerivedSettings {

    private DerivedSettings() {
    }

    public static Properties of(Settings settings) {
        Properties p = new Properties();
        p.setProperty("siras.sftp.strict-host-key-checking",
                settings.getBoolean("siras.sftp.insecure-skip-host-key-check") ? "no" : "yes");
        if (!settings.get("mail.smtp.username").isEmpty()) {
            p.setProperty("report.mail.smtp-user", settings.get("mail.smtp.username"));
        }
        p.setProperty("siras.sftp.verified-known-hosts-file",
                settings.getBoolean("siras.sftp.insecure-skip-host-key-check") ? ""
                        : settings.get("siras.sftp.known-hosts-file"));
        p.setProperty("report.mail.smtp-configured", Boolean.toString(!settings.get("mail.smtp.host").isEmpty()));
        p.setProperty("report.mail.sender-enabled", Boolean.toString(
                !settings.get("mail.smtp.host").isEmpty() && settings.getBoolean("report.mail.outbox-sender")));
        return p;
    }
}
