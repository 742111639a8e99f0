package org.spedbridge.config;

import java.util.Properties;
import java.util.regex.Pattern;

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
 *       is not blank and {@code report.mail.outbox-sender} is not {@code false}; otherwise mails stay as files;</li>
 *   <li>{@code report.mail.undelivered-check-enabled}: {@code report.mail.undelivered-check-minutes} is more than 0
 *       (the route that looks for reports that were not delivered exists only then).</li>
 * </ul>
 */
public final class DerivedSettings {

    private static final Pattern CDS_CODE = Pattern.compile("\\d{7}");
    /** What application.properties shipped as district.cds-code before it was required: never a district. */
    private static final String PLACEHOLDER = "0000000";

    private DerivedSettings() {
    }

    /**
     * The district's 7-digit CDS code, which names the district in every report mail: {@code district.cds-code},
     * or, while that is blank (or the old placeholder 0000000), {@code siras.sftp.username} when it is 7 digits
     * (SIRAS' login is the district's CDS code). Anything else is refused, naming the setting to fix.
     */
    public static String cdsCode(Settings settings) {
        String cds = settings.get("district.cds-code");
        if (!cds.isEmpty() && !cds.equals(PLACEHOLDER)) {
            if (!CDS_CODE.matcher(cds).matches()) {
                throw new ConfigException("The setting 'district.cds-code' must be the district's 7-digit CDS district "
                        + "code, not '" + cds + "'. Fix it in application.properties, in the file given with --config, "
                        + "or in the environment variable " + Settings.envName("district.cds-code") + ".");
            }
            return cds;
        }
        String user = settings.get("siras.sftp.username");
        if (CDS_CODE.matcher(user).matches()) {
            return user;
        }
        throw new ConfigException("The setting 'district.cds-code' is required: the district's 7-digit CDS district code,"
                + " which names the district in every report mail" + (user.isEmpty() ? ""
                        : " ('siras.sftp.username' is '" + user + "', not a 7-digit code to use instead)")
                + ". Set it in application.properties, in the file given with --config, or in the environment variable "
                + Settings.envName("district.cds-code") + ".");
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
        p.setProperty("report.mail.undelivered-check-enabled",
                Boolean.toString(settings.getInt("report.mail.undelivered-check-minutes") > 0));
        return p;
    }
}
