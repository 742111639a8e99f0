package org.spedbridge.api;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;
import org.spedbridge.config.Settings;

/**
 * Where a key pickup link points and whether keys may be handed out that way, from the settings
 * api.public-url, api.host, api.port, api.tls.keystore-file and api.enabled. A link travels by e-mail and
 * the key comes back in the answer, so both must be protected in transit: the API serves pickups only over
 * HTTPS, or when it is bound to the loopback interface (behind a reverse proxy that speaks HTTPS).
 */
public final class KeyPickupLink {

    /** The path of a link, followed by its token (routes/key-pickup.camel.yaml serves it). */
    public static final String PATH = "/keys/pickup/";

    private KeyPickupLink() {
    }

    public static String url(Settings settings, String token) {
        return baseUrl(settings) + PATH + token;
    }

    /** api.public-url (no trailing slash), else derived from the API's own address: https://host[:port]. */
    public static String baseUrl(Settings settings) {
        String configured = settings.get("api.public-url").strip();
        if (!configured.isEmpty()) {
            return configured.replaceAll("/+$", "");
        }
        boolean tls = tls(settings);
        String host = settings.get("api.host").strip();
        if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = localHostName();
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]"; // an IPv6 literal
        }
        int port = settings.getInt("api.port");
        boolean defaultPort = port == (tls ? 443 : 80);
        return (tls ? "https" : "http") + "://" + host + (defaultPort ? "" : ":" + port);
    }

    /** Empty when the API may answer a pickup request; else why not and what to do. */
    public static Optional<String> refusalByServer(Settings settings) {
        if (tls(settings) || loopback(settings.get("api.host"))) {
            return Optional.empty();
        }
        return Optional.of("Keys are handed out only over HTTPS, and this server speaks plain HTTP on "
                + settings.get("api.host") + ". The link is still valid: ask the district's sped-bridge "
                + "administrator to turn HTTPS on (api.tls.keystore-file), then open the link again.");
    }

    /** Empty when {@code keys create --pickup} may issue a link; else why not and what to do instead. */
    public static Optional<String> refusalToIssue(Settings settings) {
        String instead = " Or hand the key over with --out FILE or --encrypt-to SIRAS_PUBLIC_KEY --out FILE.";
        if (!settings.getBoolean("api.enabled")) {
            return Optional.of("The API is off (api.enabled=false): nobody could open a pickup link." + instead);
        }
        Optional<String> server = refusalByServer(settings);
        if (server.isPresent()) {
            return Optional.of("The API speaks plain HTTP on " + settings.get("api.host")
                    + ", so it would refuse the pickup (the key would cross the network in clear). Turn HTTPS on "
                    + "(api.tls.keystore-file), or bind the API to 127.0.0.1 behind an HTTPS reverse proxy and set "
                    + "api.public-url to the proxy's address." + instead);
        }
        String base = baseUrl(settings);
        URI uri;
        try {
            uri = URI.create(base);
        } catch (IllegalArgumentException e) {
            return Optional.of("api.public-url '" + base + "' is not a URL; set it to e.g. https://sis.district.example.");
        }
        if ("https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null) {
            return Optional.empty();
        }
        if ("http".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && loopback(uri.getHost())) {
            return Optional.empty(); // only a client on this machine can use it
        }
        return Optional.of("The pickup link would be " + base + PATH + "...: it must start with https:// (the token "
                + "would cross the network in clear). Set api.public-url to the server's HTTPS address." + instead);
    }

    private static boolean tls(Settings settings) {
        return !settings.get("api.tls.keystore-file").isBlank();
    }

    static boolean loopback(String host) {
        String h = host.strip();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.isEmpty()) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
