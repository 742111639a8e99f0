package org.spedbridge.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.spedbridge.store.Database;

/**
 * The API keys (AERIES-CERT values): generated from a CSPRNG, shown once, stored only as a SHA-256
 * hash, granted areas. No cache: a revoke, grant or deny is seen by the next request.
 */
public final class ApiKeys {

    public static final int MIN_LENGTH = 20;
    public static final int MAX_LENGTH = 64;
    public static final int DEFAULT_LENGTH = 20;
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key as listed: never the key, never its hash. */
    public record KeyInfo(long id, String name, Set<Area> areas, LocalDateTime createdAt, LocalDate expiresAt,
                          LocalDateTime revokedAt, LocalDateTime lastUsedAt) {
        public boolean revoked() {
            return revokedAt != null;
        }

        public boolean expiredOn(LocalDate today) {
            return expiresAt != null && today.isAfter(expiresAt);
        }
    }

    private final Database database;
    private final Clock clock;
    private final long touchIntervalMillis;
    private final Map<Long, Long> lastTouched = new ConcurrentHashMap<>();

    public ApiKeys(Database database) {
        this(database, Clock.systemDefaultZone(), 60);
    }

    public ApiKeys(Database database, Clock clock, int touchIntervalSeconds) {
        this.database = database;
        this.clock = clock;
        this.touchIntervalMillis = touchIntervalSeconds * 1000L;
    }

    /**
     * What is done with a new key inside the transaction that stores it (write it to a file, seal it for
     * a pickup link, ...): when it throws, no key is stored.
     */
    @FunctionalInterface
    public interface Delivery {
        void deliver(Connection c, long id, String key) throws Exception;
    }

    /** Creates a key and returns it (to be printed): the only time it exists outside the caller. */
    public String create(String name, Set<String> areas, LocalDate expiresOrNull, int length) {
        String key = generate(length);
        insert(name, Area.parse(areas), expiresOrNull, key, Handover.PRINTED, (c, id, k) -> { });
        return key;
    }

    /** Creates a key and hands it over with the delivery, in one transaction; returns the key's id. */
    public long create(String name, Set<String> areas, LocalDate expiresOrNull, int length, Handover how, Delivery delivery) {
        return insert(name, Area.parse(areas), expiresOrNull, generate(length), how, delivery);
    }

    private static String generate(int length) {
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new IllegalArgumentException("The key length must be between " + MIN_LENGTH + " and "
                    + MAX_LENGTH + " characters, not " + length + ".");
        }
        char[] key = new char[length];
        for (int i = 0; i < length; i++) {
            key[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(key);
    }

    /** Registers an existing key (e.g. the one already typed into SIRAS); returns the new id. */
    public long importKey(String name, Set<String> areas, LocalDate expiresOrNull, String key) {
        String k = key == null ? "" : key.strip();
        if (k.length() < MIN_LENGTH || k.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("The key must be " + MIN_LENGTH + " to " + MAX_LENGTH
                    + " characters long; the one given has " + k.length() + ".");
        }
        for (int i = 0; i < k.length(); i++) {
            char c = k.charAt(i);
            if (c <= ' ' || c > '~') {
                throw new IllegalArgumentException("The key may contain only printable ASCII characters without spaces.");
            }
        }
        return insert(name, Area.parse(areas), expiresOrNull, k, Handover.IMPORTED, (c, id, given) -> { });
    }

    private long insert(String name, Set<Area> areas, LocalDate expires, String key, Handover how, Delivery delivery) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A key needs a name (who uses it, e.g. --name siras).");
        }
        if (name.strip().length() > 100) {
            throw new IllegalArgumentException("The key name may have at most 100 characters.");
        }
        String hash = hash(key);
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                long id = insert(c, name.strip(), areas, expires, hash, how);
                delivery.deliver(c, id, key);
                c.commit();
                return id;
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot store the key: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot hand the key over: " + e.getMessage(), e);
        }
    }

    private long insert(Connection c, String name, Set<Area> areas, LocalDate expires, String hash, Handover how)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM api_key WHERE key_hash = ?")) {
            ps.setString(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    throw new IllegalArgumentException("This key is already registered; use another one.");
                }
            }
        }
        long id = nextId(c, "api_key_seq");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_key (id, name, key_hash, areas, created_at, "
                + "expires_at, handover) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, name);
            ps.setString(3, hash);
            ps.setString(4, Area.format(areas));
            ps.setTimestamp(5, Timestamp.valueOf(LocalDateTime.now(clock)));
            ps.setDate(6, expires == null ? null : Date.valueOf(expires));
            ps.setString(7, how.id());
            ps.executeUpdate();
        }
        return id;
    }

    public List<KeyInfo> list() {
        List<KeyInfo> out = new ArrayList<>();
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("SELECT " + INFO_COLUMNS + " FROM api_key ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(info(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the keys: " + e.getMessage(), e);
        }
    }

    public Optional<KeyInfo> get(long id) {
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("SELECT " + INFO_COLUMNS + " FROM api_key WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(info(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the key " + id + ": " + e.getMessage(), e);
        }
    }

    /** The key's record when the key is registered (revoked and expired ones included: the caller decides). */
    public Optional<KeyInfo> findByKey(String key) {
        String hash = hash(key);
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT " + INFO_COLUMNS + ", key_hash FROM api_key WHERE key_hash = ?")) {
            ps.setString(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byte[] stored = rs.getString("key_hash").getBytes(StandardCharsets.US_ASCII);
                    if (MessageDigest.isEqual(stored, hash.getBytes(StandardCharsets.US_ASCII))) {
                        return Optional.of(info(rs));
                    }
                }
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot look up the key: " + e.getMessage(), e);
        }
    }

    /** Marks the key revoked (at once: there is no cache); false when there is no such key. */
    public boolean revoke(long id) {
        if (get(id).isEmpty()) {
            return false;
        }
        update("UPDATE api_key SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                Timestamp.valueOf(LocalDateTime.now(clock)), id);
        return true;
    }

    /** Adds areas; returns the key's areas afterwards. */
    public Set<Area> grant(long id, Set<String> areas) {
        Set<Area> now = EnumSet.noneOf(Area.class);
        Set<Area> add = Area.parse(areas);
        KeyInfo k = require(id);
        now.addAll(k.areas());
        now.addAll(add);
        update("UPDATE api_key SET areas = ? WHERE id = ?", Area.format(now), id);
        return now;
    }

    /** Removes areas; returns the key's areas afterwards. */
    public Set<Area> deny(long id, Set<String> areas) {
        Set<Area> remove = Area.parse(areas);
        KeyInfo k = require(id);
        Set<Area> now = k.areas().isEmpty() ? EnumSet.noneOf(Area.class) : EnumSet.copyOf(k.areas());
        now.removeAll(remove);
        update("UPDATE api_key SET areas = ? WHERE id = ?", Area.format(now), id);
        return now;
    }

    /** Records that the key was used; writes at most once per interval per key. */
    public void touch(long id) {
        long now = clock.millis();
        Long last = lastTouched.get(id);
        if (last != null && now - last < touchIntervalMillis) {
            return;
        }
        lastTouched.put(id, now);
        update("UPDATE api_key SET last_used_at = ? WHERE id = ?", Timestamp.valueOf(LocalDateTime.now(clock)), id);
    }

    public LocalDate today() {
        return LocalDate.now(clock);
    }

    private KeyInfo require(long id) {
        return get(id).orElseThrow(() -> new IllegalArgumentException(
                "There is no key with id " + id + ". `keys list` shows the ids."));
    }

    private int update(String sql, Object value, long id) {
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, value);
            ps.setLong(2, id);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot update the key " + id + ": " + e.getMessage(), e);
        }
    }

    /** SHA-256 of the key, lower-case hex: what api_key.key_hash holds. */
    public static String hash(String key) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static long nextId(Connection c, String sequence) throws SQLException {
        boolean pg = c.getMetaData().getURL().startsWith("jdbc:postgresql:");
        String sql = pg ? "SELECT nextval('" + sequence + "')" : "SELECT NEXT VALUE FOR " + sequence;
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static final String INFO_COLUMNS = "id, name, areas, created_at, expires_at, revoked_at, last_used_at";

    private static KeyInfo info(ResultSet rs) throws SQLException {
        Date expires = rs.getDate("expires_at");
        return new KeyInfo(rs.getLong("id"), rs.getString("name"), Area.parse(rs.getString("areas")),
                time(rs.getTimestamp("created_at")), expires == null ? null : expires.toLocalDate(),
                time(rs.getTimestamp("revoked_at")), time(rs.getTimestamp("last_used_at")));
    }

    private static LocalDateTime time(Timestamp t) {
        return t == null ? null : t.toLocalDateTime();
    }
}
