package org.spedbridge.api;

import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spedbridge.ops.SpedBridgeMetrics;
import org.spedbridge.store.Database;

/**
 * Writes one api_audit row per request: time, key id (never the key), method, path (never the
 * query string), status, records returned, remote address; and counts the request in the metrics
 * (endpoint = route id, status, latency). Called when the exchange completes, which for a streamed
 * list is after its last byte was written.
 */
public final class ApiAudit {

    /** Exchange property: the {@link RowStream} or record count the endpoint answered with. */
    public static final String ROWS = "spedbridge.api.rows";
    private static final Logger LOG = LoggerFactory.getLogger(ApiAudit.class);

    private final Database database;
    private final SpedBridgeMetrics metrics;

    public ApiAudit(Database database, SpedBridgeMetrics metrics) {
        this.database = database;
        this.metrics = metrics;
    }

    /**
     * Writes the audit row when the exchange is done, however it ends (also when the guard refuses
     * it: a routeConfiguration onCompletion is only registered once routing reaches it).
     */
    public void recordWhenDone(Exchange exchange) {
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                record(done);
            }
        });
    }

    public void record(Exchange exchange) {
        Long keyId = exchange.getProperty(ApiGuard.KEY_ID, Long.class);
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, "GET", String.class);
        String path = path(exchange);
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        int code = status == null ? (exchange.isFailed() ? 500 : 200) : status;
        if (exchange.getProperty(ROWS) instanceof RowStream rs && rs.failure() != null) {
            // the 200 and the first rows were sent, then the database failed: the client got a cut-off list
            code = 500;
            LOG.error("API answer {} was cut off after {} records: {}", path, rs.written(), rs.failure());
        }
        Integer records = records(exchange, code);
        metrics.apiRequest(endpoint(exchange), code, Duration.ofMillis(exchange.getClock().elapsed()));
        try (Connection c = database.connection()) {
            long id = ApiKeys.nextId(c, "api_audit_seq");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_audit "
                    + "(id, at_time, key_id, method, path, status, records, remote_address) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, id);
                ps.setTimestamp(2, Timestamp.valueOf(LocalDateTime.now()));
                ps.setObject(3, keyId);
                ps.setString(4, truncate(method, 10));
                ps.setString(5, truncate(path, 500));
                ps.setInt(6, code);
                ps.setObject(7, records);
                ps.setString(8, truncate(remoteAddress(exchange), 64));
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            LOG.error("Could not write the API audit row (status {}, key id {}): {}", code, keyId, e.getMessage());
        }
    }

    private static Integer records(Exchange exchange, int status) {
        Object rows = exchange.getProperty(ROWS);
        if (rows instanceof RowStream rs) {
            return status >= 300 && rs.failure() == null ? 0 : rs.written();
        }
        if (status >= 300 || rows == null) {
            return status >= 300 ? 0 : null;
        }
        return rows instanceof Number n ? n.intValue() : null;
    }

    /** The route id of the endpoint (api-students, ...): a fixed, small set of metric labels, never a path. */
    static String endpoint(Exchange exchange) {
        String id = exchange.getFromRouteId();
        return id == null ? "unknown" : id;
    }

    /** The request path, without the query string (a key there must never be stored). */
    static String path(Exchange exchange) {
        String uri = exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class);
        if (uri == null) {
            uri = exchange.getMessage().getHeader(Exchange.HTTP_PATH, "", String.class);
        }
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    /** The client's address as the socket sees it (no proxy headers are trusted). */
    public static String remoteAddress(Exchange exchange) {
        Object a = exchange.getMessage().getHeader("CamelVertxPlatformHttpRemoteAddress");
        if (a instanceof io.vertx.core.net.SocketAddress sa) {
            return sa.hostAddress() != null ? sa.hostAddress() : sa.host();
        }
        if (a instanceof InetSocketAddress isa) {
            return isa.getAddress() != null ? isa.getAddress().getHostAddress() : isa.getHostString();
        }
        return a == null ? "unknown" : a.toString();
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
