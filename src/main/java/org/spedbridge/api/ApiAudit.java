package org.spedbridge.api;

import java.net.InetSocketAddress;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.spi.SynchronizationRouteAware;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spedbridge.ops.SpedBridgeMetrics;
import org.spedbridge.store.Database;

/**
 * One api_audit row per request: time, key id (never the key), method, path (never the query string),
 * status, records returned, remote address; and the request counted in the metrics (endpoint = route
 * id, status, latency). The row is durable before the client has the whole answer:
 * <ul>
 * <li>an answer held in memory (one object, a short list, an error): committed when the route is done,
 *     before platform-http writes the response;</li>
 * <li>a streamed list: committed when its last row has been written, before its end is sent
 *     ({@link ListBody#beforeEnd});</li>
 * <li>a list that never reached its end (the client left, the database failed mid-way): written when the
 *     exchange is done, with the records sent until then; nobody received a complete answer.</li>
 * </ul>
 * Rows of concurrent requests share one commit ({@link AuditLog}). When the row cannot be written the
 * answer does not go out: a 503 instead, or a list cut off before its end.
 */
public final class ApiAudit {

    /** Exchange property: the {@link RowStream} or record count the endpoint answered with. */
    public static final String ROWS = "spedbridge.api.rows";
    private static final String ENTRY = "spedbridge.api.audit";
    private static final Logger LOG = LoggerFactory.getLogger(ApiAudit.class);

    private final AuditLog log;
    private final SpedBridgeMetrics metrics;

    public ApiAudit(Database database, SpedBridgeMetrics metrics) {
        this.log = new AuditLog(database);
        this.metrics = metrics;
    }

    /**
     * Audits the exchange however it ends (also when the guard refuses it: a routeConfiguration
     * onCompletion is only registered once routing reaches it). Registered by the guard's first step.
     */
    public void track(Exchange exchange) {
        if (exchange.getProperty(ENTRY) == null) {
            Entry e = new Entry();
            exchange.setProperty(ENTRY, e);
            exchange.getExchangeExtension().addOnCompletion(e);
        }
    }

    /** The group-committed audit table (for the tests: how many rows shared a commit). */
    AuditLog log() {
        return log;
    }

    /** The same for routes that do not pass the guard (the OpenAPI document, routes/api-security.camel.yaml). */
    public void recordWhenDone(Exchange exchange) {
        track(exchange);
    }

    /**
     * Audits a request answered by the HTTP server itself (unknown path, wrong method): durable on
     * return; {@link AuditLog.Unwritten} when it could not be written.
     */
    void commit(String method, String path, int status, String address, long startedNanos) {
        metrics.apiRequest("unknown", status, Duration.ofNanos(System.nanoTime() - startedNanos));
        log.commit(new AuditLog.Row(now(), null, truncate(method), path(path), status, 0, address));
    }

    /** The row of one exchange, committed once. */
    private final class Entry extends SynchronizationAdapter implements SynchronizationRouteAware {
        private volatile boolean written;

        /** Camel asks each synchronization for its route callbacks (none by default). */
        @Override
        public SynchronizationRouteAware getRouteSynchronization() {
            return this;
        }

        @Override
        public void onBeforeRoute(Route route, Exchange exchange) {
        }

        @Override
        public void onAfterRoute(Route route, Exchange exchange) {
            if (written) {
                return;
            }
            if (exchange.getMessage().getBody() instanceof ListBody body && !exchange.isFailed()) {
                body.beforeEnd(() -> write(exchange, true));
                return;
            }
            try {
                write(exchange, true);
            } catch (AuditLog.Unwritten e) {
                LOG.error("API request {} was not answered: {}", path(exchange), e.getMessage());
                ApiErrors.write(exchange, new ApiException(503, "The request could not be recorded in the audit log, "
                        + "so it was not answered. Try again later or tell the district's sped-bridge administrator."));
            }
        }

        @Override
        public void onDone(Exchange exchange) {
            if (!written) {
                write(exchange, false);
            }
        }

        /** Writes the row: committed before returning ({@code wait}), or queued for the next batch. */
        private synchronized void write(Exchange exchange, boolean wait) {
            if (written) {
                return;
            }
            AuditLog.Row row = row(exchange);
            metrics.apiRequest(endpoint(exchange), row.status(), Duration.ofMillis(exchange.getClock().elapsed()));
            if (wait) {
                log.commit(row);
            } else {
                log.submit(row);
            }
            written = true;
        }
    }

    private static AuditLog.Row row(Exchange exchange) {
        Long keyId = exchange.getProperty(ApiGuard.KEY_ID, Long.class);
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, "GET", String.class);
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        int code = status == null ? (exchange.isFailed() ? 500 : 200) : status;
        if (exchange.getProperty(ROWS) instanceof RowStream rs && rs.failure() != null) {
            // the 200 and the first rows were sent, then the database failed: the client got a cut-off list
            code = 500;
            LOG.error("API answer {} was cut off after {} records: {}", path(exchange), rs.written(), rs.failure());
        }
        return new AuditLog.Row(now(), keyId, truncate(method), path(exchange), code, records(exchange, code),
                remoteAddress(exchange));
    }

    private static Timestamp now() {
        return Timestamp.valueOf(LocalDateTime.now());
    }

    private static String truncate(String method) {
        return method.length() <= 10 ? method : method.substring(0, 10);
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
        return path(uri);
    }

    /** The path as the audit keeps it: no query, at most 500 characters, no key pickup token (any method). */
    private static String path(String uri) {
        int q = uri.indexOf('?');
        String p = KeyPickupEndpoint.redact(q < 0 ? uri : uri.substring(0, q));
        return p.length() <= 500 ? p : p.substring(0, 500);
    }

    /** The client's address as the socket sees it (no proxy headers are trusted). */
    public static String remoteAddress(Exchange exchange) {
        Object a = exchange.getMessage().getHeader("CamelVertxPlatformHttpRemoteAddress");
        return address(a);
    }

    static String address(Object a) {
        if (a instanceof io.vertx.core.net.SocketAddress sa) {
            return sa.hostAddress() != null ? sa.hostAddress() : sa.host();
        }
        if (a instanceof InetSocketAddress isa) {
            return isa.getAddress() != null ? isa.getAddress().getHostAddress() : isa.getHostString();
        }
        return a == null ? "unknown" : a.toString();
    }
}
