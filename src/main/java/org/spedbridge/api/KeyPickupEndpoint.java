package org.spedbridge.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.spedbridge.config.Settings;

/**
 * {@code GET /keys/pickup/<token>} (routes/key-pickup.camel.yaml): hands a key over once, through the link
 * {@code keys create --pickup} printed. Public (no AERIES-CERT: the token is the credential), so it is
 * guarded like a key: the token is taken out of the message before anything can log or audit it (the audit
 * row's path reads {@code /keys/pickup/{token}}), bad links count as failed attempts of the address
 * ({@link FailedAttempts}, 429 past the limit), and over plain HTTP it answers only on a loopback-bound API.
 * Answers: 200 {@code {"Key", "Name", "Areas"}} with {@code Cache-Control: no-store}; 410 already picked up,
 * expired or revoked; 404 unknown or malformed; each error a {@code {"Message"}} saying what to do.
 */
public final class KeyPickupEndpoint {

    /** The path as audited and logged: never the token. */
    public static final String REDACTED_PATH = KeyPickupLink.PATH + "{token}";
    private static final Pattern TOKEN_IN_PATH = Pattern.compile(Pattern.quote(KeyPickupLink.PATH) + "[^?#]*",
            Pattern.CASE_INSENSITIVE);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final String ASK_AGAIN = " Ask the district's sped-bridge administrator for a new link.";

    private final KeyPickups pickups;
    private final ApiAudit audit;
    private final FailedAttempts failures;
    private final Optional<String> transportRefusal;

    public KeyPickupEndpoint(KeyPickups pickups, ApiAudit audit, FailedAttempts failures, Settings settings) {
        this.pickups = pickups;
        this.audit = audit;
        this.failures = failures;
        this.transportRefusal = KeyPickupLink.refusalByServer(settings);
    }

    public byte[] pickup(Exchange exchange) throws JsonProcessingException {
        String token = takeToken(exchange);
        audit.recordWhenDone(exchange);
        ApiResponses.clearRequestHeaders(exchange);
        String address = ApiAudit.remoteAddress(exchange);
        failures.refuseIfTooMany(address, "invalid keys or pickup links", "open the link again");
        if (transportRefusal.isPresent()) {
            throw new ApiException(403, transportRefusal.get());
        }
        if (!PickupToken.wellFormed(token)) {
            failures.add(address);
            throw ApiException.notFound("This is not a key pickup link: its last part must be the 43 characters "
                    + "the district sent. Copy the whole link (no spaces, nothing cut off) and open it again.");
        }
        KeyPickups.Redemption r = pickups.redeem(token, address);
        if (r.keyId() != null) {
            exchange.setProperty(ApiGuard.KEY_ID, r.keyId());
        }
        if (r.outcome() != KeyPickups.Outcome.PICKED_UP) {
            failures.add(address);
            throw refusal(r);
        }
        exchange.setProperty(ApiAudit.ROWS, 1);
        Message m = exchange.getMessage();
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        m.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
        m.setHeader("Cache-Control", "no-store");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Key", r.key());
        body.put("Name", r.name());
        body.put("Areas", r.areas().stream().map(Area::id).toList());
        return JSON.writeValueAsBytes(body);
    }

    private static ApiException refusal(KeyPickups.Redemption r) {
        return switch (r.outcome()) {
            case UNKNOWN -> ApiException.notFound("There is no key pickup link like this one. Check that the whole link "
                    + "was copied." + ASK_AGAIN);
            case ALREADY_PICKED_UP -> new ApiException(410, "This link was used on " + r.pickedUpAt().format(TIME)
                    + " (server time): the key was picked up then and a link works only once. If that was not you, "
                    + "tell the district's sped-bridge administrator at once: the key must be revoked and a new one sent.");
            case EXPIRED -> new ApiException(410, "This link expired on " + r.expiresAt().format(TIME)
                    + " (server time) and the key it held was wiped." + ASK_AGAIN);
            case REVOKED -> new ApiException(410, "The key of this link was revoked, so it is no longer handed out."
                    + ASK_AGAIN);
            case PICKED_UP -> throw new IllegalStateException("not a refusal");
        };
    }

    /**
     * The token, removed from the message: the path parameter goes, and every header that holds the link's
     * path (the URI, the path; raw or decoded) or the token is rewritten to {@link #REDACTED_PATH}, so the
     * audit, an error log or a trace never sees it.
     */
    /** The text with every key pickup path in it (any case: paths are case-insensitive) as {@link #REDACTED_PATH}. */
    static String redact(String text) {
        return TOKEN_IN_PATH.matcher(text).replaceAll(Matcher.quoteReplacement(REDACTED_PATH));
    }

    static String takeToken(Exchange exchange) {
        Message m = exchange.getMessage();
        String token = m.getHeader("token", String.class);
        m.removeHeader("token");
        for (String name : List.copyOf(m.getHeaders().keySet())) {
            if (m.getHeader(name) instanceof String s) {
                String redacted = redact(s);
                if (token != null && !token.isEmpty()) {
                    redacted = redacted.replace(token, "{token}");
                }
                if (!redacted.equals(s)) {
                    m.setHeader(name, redacted);
                }
            }
        }
        return token;
    }
}
