package org.spedbridge.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spedbridge.store.Database;

/**
 * The one-time pickup links of API keys (table api_key_pickup): issued by {@code keys create --pickup},
 * redeemed once by {@code GET /keys/pickup/<token>} ({@link KeyPickupEndpoint}). The link's token is never
 * stored, only its hash; the key waits sealed under the token ({@link PickupToken}) and is wiped at the
 * pickup, at expiry or when the key is revoked. A pickup is claimed by one conditional UPDATE, so of two
 * requests at the same moment exactly one gets the key.
 */
public final class KeyPickups {

    private static final Logger LOG = LoggerFactory.getLogger(KeyPickups.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** How a pickup request ended. */
    public enum Outcome { PICKED_UP, ALREADY_PICKED_UP, EXPIRED, REVOKED, UNKNOWN }

    /** What a pickup request found; {@code key} only when it was {@link Outcome#PICKED_UP}, the key id unless UNKNOWN. */
    public record Redemption(Outcome outcome, Long keyId, String name, Set<Area> areas, String key,
                             LocalDateTime expiresAt, LocalDateTime pickedUpAt) {
    }

    /** How a key was handed over, as {@code keys list} shows it. */
    public record State(Handover how, LocalDateTime pickupExpires, LocalDateTime pickedUpAt, String pickedUpFrom) {
        public String describe(LocalDateTime now, boolean revoked) {
            if (how == null) {
                return "-";
            }
            if (how != Handover.PICKUP || pickupExpires == null) {
                return how.id();
            }
            if (pickedUpAt != null) {
                return "pickup: picked up " + pickedUpAt.format(TIME) + " from " + pickedUpFrom;
            }
            if (revoked) {
                return "pickup: not picked up (revoked)";
            }
            return now.isBefore(pickupExpires) ? "pickup: waiting until " + pickupExpires.format(TIME)
                    : "pickup: expired " + pickupExpires.format(TIME);
        }
    }

    private final Database database;
    private final Clock clock;

    public KeyPickups(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** A new link's token (the only copy: it goes into the link, never into the database) and its expiry. */
    public record Issued(String token, LocalDateTime expiresAt) {
    }

    /** Stores a pickup link for the new key in the key's own transaction, the key sealed under the link's token. */
    public Issued issue(Connection c, long keyId, String key, Duration validity) throws SQLException {
        String token = PickupToken.newToken();
        LocalDateTime now = LocalDateTime.now(clock);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_key_pickup "
                + "(key_id, token_hash, sealed_key, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setLong(1, keyId);
            ps.setString(2, PickupToken.hash(token));
            ps.setString(3, PickupToken.seal(token, keyId, key));
            ps.setTimestamp(4, Timestamp.valueOf(now));
            ps.setTimestamp(5, Timestamp.valueOf(now.plus(validity)));
            ps.executeUpdate();
        }
        return new Issued(token, now.plus(validity));
    }

    /**
     * Hands the key over once: the first request of a well-formed, waiting token claims it (a conditional
     * UPDATE), gets the key and wipes it; every other request learns why not.
     */
    public Redemption redeem(String token, String address) {
        String hash = PickupToken.hash(token);
        LocalDateTime now = LocalDateTime.now(clock);
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                int claimed;
                try (PreparedStatement ps = c.prepareStatement("UPDATE api_key_pickup SET picked_up_at = ?, picked_up_from = ?"
                        + " WHERE token_hash = ? AND picked_up_at IS NULL AND sealed_key IS NOT NULL AND expires_at > ?"
                        + " AND key_id IN (SELECT id FROM api_key WHERE revoked_at IS NULL)")) {
                    ps.setTimestamp(1, Timestamp.valueOf(now));
                    ps.setString(2, address.length() > 64 ? address.substring(0, 64) : address);
                    ps.setString(3, hash);
                    ps.setTimestamp(4, Timestamp.valueOf(now));
                    claimed = ps.executeUpdate();
                }
                Redemption found = find(c, hash, claimed == 1 ? token : null);
                if (found.outcome() != Outcome.UNKNOWN && found.outcome() != Outcome.ALREADY_PICKED_UP) {
                    wipe(c, "key_id = ?", found.keyId()); // picked up now, expired or revoked: the sealed key goes
                }
                c.commit();
                if (found.outcome() == Outcome.PICKED_UP) {
                    LOG.info("API key {} ('{}') was picked up through its one-time link from {}.",
                            found.keyId(), found.name(), address);
                }
                return found;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the key pickup link: " + e.getMessage(), e);
        }
    }

    /** The link's row; with the token (only after this request claimed it) the key unsealed. */
    private Redemption find(Connection c, String hash, String claimedToken) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT p.key_id, p.sealed_key, p.expires_at, p.picked_up_at,"
                + " k.name, k.areas, k.revoked_at FROM api_key_pickup p JOIN api_key k ON k.id = p.key_id"
                + " WHERE p.token_hash = ?")) {
            ps.setString(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new Redemption(Outcome.UNKNOWN, null, null, Set.of(), null, null, null);
                }
                long id = rs.getLong("key_id");
                LocalDateTime expires = rs.getTimestamp("expires_at").toLocalDateTime();
                Timestamp picked = rs.getTimestamp("picked_up_at");
                Outcome outcome;
                String key = null;
                if (claimedToken != null) {
                    outcome = Outcome.PICKED_UP;
                    key = PickupToken.open(claimedToken, id, rs.getString("sealed_key"));
                } else if (picked != null) {
                    outcome = Outcome.ALREADY_PICKED_UP;
                } else if (rs.getTimestamp("revoked_at") != null) {
                    outcome = Outcome.REVOKED;
                } else {
                    outcome = Outcome.EXPIRED;
                }
                return new Redemption(outcome, id, rs.getString("name"), Area.parse(rs.getString("areas")), key,
                        expires, picked == null ? null : picked.toLocalDateTime());
            }
        }
    }

    /**
     * Wipes the sealed key of every link that expired or whose key was revoked (the schedule in
     * routes/key-pickup.camel.yaml, and every {@code keys} command); returns how many.
     */
    public int wipeExpired() {
        try (Connection c = database.connection()) {
            int n = wipe(c, "expires_at <= ? OR key_id IN (SELECT id FROM api_key WHERE revoked_at IS NOT NULL)",
                    Timestamp.valueOf(LocalDateTime.now(clock)));
            if (n > 0) {
                LOG.info("Wiped the waiting key of {} pickup link(s) that expired or whose key was revoked.", n);
            }
            return n;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot wipe expired key pickup links: " + e.getMessage(), e);
        }
    }

    private static int wipe(Connection c, String condition, Object value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE api_key_pickup SET sealed_key = NULL WHERE sealed_key IS NOT NULL AND (" + condition + ")")) {
            ps.setObject(1, value);
            return ps.executeUpdate();
        }
    }

    /** How each key was handed over, by key id (keys created before handovers were recorded: none). */
    public Map<Long, State> states() {
        Map<Long, State> out = new HashMap<>();
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("SELECT k.id, k.handover, p.expires_at, p.picked_up_at,"
                     + " p.picked_up_from FROM api_key k LEFT JOIN api_key_pickup p ON p.key_id = k.id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String how = rs.getString("handover");
                out.put(rs.getLong("id"), new State(how == null ? null : Handover.of(how), time(rs.getTimestamp("expires_at")),
                        time(rs.getTimestamp("picked_up_at")), rs.getString("picked_up_from")));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read how the keys were handed over: " + e.getMessage(), e);
        }
    }

    public LocalDateTime now() {
        return LocalDateTime.now(clock);
    }

    private static LocalDateTime time(Timestamp t) {
        return t == null ? null : t.toLocalDateTime();
    }
}
