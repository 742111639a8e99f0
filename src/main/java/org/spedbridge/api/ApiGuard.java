package org.spedbridge.api;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.spedbridge.config.Settings;
import org.spedbridge.ops.SpedBridgeMetrics;

/**
 * The key guard every REST route passes (routes/api-security.camel.yaml): refuses a key in the URL,
 * chooses JSON or XML (406 when neither is acceptable), and for a keyed endpoint of the
 * {@link ApiEndpoint} table looks the AERIES-CERT key up by its hash, applies the per-key rate limit and
 * checks the areas the endpoint needs. The key itself is removed from the message at once: it is never
 * logged, audited or echoed.
 * <p>
 * An address that keeps sending bad keys is slowed down (429) for its bad keys only: a valid key from
 * the same address (SIRAS behind a shared cloud NAT) keeps working.
 */
public final class ApiGuard {

    public static final String KEY_HEADER = "AERIES-CERT";
    /** Exchange properties the guard leaves for the endpoint beans and the audit. */
    public static final String KEY_ID = "spedbridge.api.keyId";
    public static final String AREAS = "spedbridge.api.areas";

    private final ApiKeys keys;
    private final ApiAudit audit;
    private final SpedBridgeMetrics metrics;
    private final double ratePerSecond;
    private final double burst;
    private final Map<Long, Bucket> buckets = new ConcurrentHashMap<>();
    private final FailedAttempts failures;

    public ApiGuard(ApiKeys keys, ApiAudit audit, SpedBridgeMetrics metrics, Settings settings) {
        this.keys = keys;
        this.audit = audit;
        this.metrics = metrics;
        this.ratePerSecond = Math.max(1, settings.getInt("api.rate-limit.per-second"));
        this.burst = Math.max(1, settings.getInt("api.rate-limit.burst"));
        this.failures = new FailedAttempts(settings.getInt("api.auth.max-failures-per-minute"), metrics);
    }

    /** Runs before every REST route. Throws {@link ApiException} (400/401/403/406/429) to refuse. */
    public void authenticate(Exchange exchange) {
        audit.track(exchange);
        String key = exchange.getMessage().getHeader(KEY_HEADER, String.class);
        exchange.getMessage().removeHeader(KEY_HEADER);
        refuseKeyInQuery(exchange);
        ResponseFormat.choose(exchange);
        ApiEndpoint.Access access = ApiEndpoint.of(exchange).access();
        if (!access.keyed()) {
            return;
        }
        ApiKeys.KeyInfo info = key == null || key.isEmpty() ? null : keys.findByKey(key).orElse(null);
        if (info != null) {
            exchange.setProperty(KEY_ID, info.id());
        }
        String refused = refusal(key, info);
        if (refused != null) {
            throw badKey(exchange, refused);
        }
        long wait = buckets.computeIfAbsent(info.id(), id -> new Bucket(burst)).take(ratePerSecond, burst);
        if (wait > 0) {
            metrics.apiRateLimited("key-rate");
            throw new ApiException(429, "Too many requests with this key (limit " + (long) ratePerSecond
                    + " per second). Retry after " + wait + " seconds.", Map.of("Retry-After", Long.toString(wait)));
        }
        exchange.setProperty(AREAS, info.areas());
        keys.touch(info.id());
        if (access.any()) {
            requireAny(exchange, access.areas());
        } else {
            for (Area a : access.areas()) {
                require(exchange, a);
            }
        }
    }

    /** Why the key is not accepted (401 message), or null for a valid one. */
    private String refusal(String key, ApiKeys.KeyInfo info) {
        if (key == null || key.isEmpty()) {
            return "This request needs the district's API key in the AERIES-CERT header.";
        }
        if (info == null) {
            return "The AERIES-CERT key is not valid. Check the key (it is case-sensitive) "
                    + "or ask the district's sped-bridge administrator for one.";
        }
        if (info.revoked()) {
            return "The AERIES-CERT key was revoked. Ask the district's sped-bridge administrator for a new key.";
        }
        if (info.expiredOn(keys.today())) {
            return "The AERIES-CERT key expired on " + info.expiresAt()
                    + ". Ask the district's sped-bridge administrator for a new key.";
        }
        return null;
    }

    /**
     * A missing or bad key: 401, or 429 once its address has sent too many bad keys this minute (the
     * slow-down holds back bad keys only; a valid key never comes here).
     */
    private ApiException badKey(Exchange exchange, String message) {
        String address = ApiAudit.remoteAddress(exchange);
        failures.refuseIfTooMany(address, "a missing or invalid AERIES-CERT key", "use a valid key");
        failures.add(address);
        return new ApiException(401, message);
    }

    /** The failed attempts per address, which the key pickup counts too (bad links like bad keys). */
    public FailedAttempts failedAttempts() {
        return failures;
    }

    /** The endpoint needs this area; 403 naming it when the key lacks it. */
    public static void require(Exchange exchange, Area area) {
        if (!held(exchange).contains(area)) {
            throw new ApiException(403, "This endpoint requires the '" + area.title()
                    + "' permission, which this key does not have. Ask the district's sped-bridge administrator to grant it.");
        }
    }

    /** The endpoint needs at least one of these areas; returns the ones held. */
    public static Set<Area> requireAny(Exchange exchange, Set<Area> areas) {
        Set<Area> out = EnumSet.noneOf(Area.class);
        Set<Area> held = held(exchange);
        for (Area a : areas) {
            if (held.contains(a)) {
                out.add(a);
            }
        }
        if (out.isEmpty()) {
            StringBuilder names = new StringBuilder();
            for (Area a : areas) {
                names.append(names.length() == 0 ? "" : "' or the '").append(a.title());
            }
            throw new ApiException(403, "This endpoint requires the '" + names
                    + "' permission, which this key does not have. Ask the district's sped-bridge administrator to grant it.");
        }
        return out;
    }

    /** The areas of the authenticated key; fails closed when the guard did not run. */
    @SuppressWarnings("unchecked")
    private static Set<Area> held(Exchange exchange) {
        Set<Area> areas = exchange.getProperty(AREAS, Set.class);
        if (areas == null) {
            throw new ApiException(401, "This request needs the district's API key in the AERIES-CERT header.");
        }
        return areas;
    }

    private static void refuseKeyInQuery(Exchange exchange) {
        String query = exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        if (query == null || query.isEmpty()) {
            return;
        }
        boolean found = false;
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq),
                    java.nio.charset.StandardCharsets.UTF_8).trim().toLowerCase(Locale.ROOT);
            if (name.equals("cert") || name.equals("aeries-cert") || name.equals("aeries_cert")) {
                found = true;
                exchange.getMessage().removeHeaders("(?i)" + java.util.regex.Pattern.quote(name));
            }
        }
        if (found) {
            exchange.getMessage().removeHeader(Exchange.HTTP_QUERY);
            exchange.getMessage().removeHeader(Exchange.HTTP_RAW_QUERY);
            throw new ApiException(400, "The key must not be sent in the URL: send it in the AERIES-CERT header. "
                    + "A key that was put in a URL may be exposed in logs along the way: ask for a new one.");
        }
    }

    /** A token bucket: refills at the rate, holds at most the burst. */
    private static final class Bucket {
        private double tokens;
        private long last = System.nanoTime();

        Bucket(double burst) {
            this.tokens = burst;
        }

        /** 0 when a token was taken, else the seconds to wait for one. */
        synchronized long take(double rate, double burst) {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - last) / 1e9 * rate);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / rate));
        }
    }
}
