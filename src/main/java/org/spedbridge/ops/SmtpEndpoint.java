package org.spedbridge.ops;

import org.spedbridge.config.Settings;

/** The camel-mail SMTP endpoint from the mail.smtp.* settings; the password stays a placeholder (never in a URI string). */
final class SmtpEndpoint {

    private SmtpEndpoint() {
    }

    static String uri(Settings settings) {
        StringBuilder uri = new StringBuilder("smtp://{{mail.smtp.host}}:{{mail.smtp.port}}?connectionTimeout=15000");
        if (!settings.get("mail.smtp.username").isEmpty()) {
            uri.append("&username={{mail.smtp.username}}&password=RAW({{mail.smtp.password}})");
        }
        if (settings.getBoolean("mail.smtp.starttls")) {
            uri.append("&mail.smtp.starttls.enable=true&mail.smtp.starttls.required=true");
        }
        return uri.toString();
    }
}
