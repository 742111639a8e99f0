package org.spedbridge.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.spedbridge.sped.ImportCounts;
import org.spedbridge.sped.ImportResult;

/**
 * sped-bridge's own Prometheus metrics, on the same registry Camel's route metrics use (bound as
 * {@code metricsRegistry}, served at /observe/metrics on the management port). Labels carry statuses,
 * categories and endpoint names only: never a key, an ID or a name.
 */
public final class SpedBridgeMetrics {

    private final PrometheusMeterRegistry registry;

    public SpedBridgeMetrics() {
        this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    public SpedBridgeMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    /** The registry to bind as {@code metricsRegistry} for camel-micrometer-prometheus. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The trigger's kind as a metric label: "admin:key-3" -> "admin" (one label per kind, not per key). */
    static String triggerKind(String trigger) {
        if (trigger == null) {
            return "unknown";
        }
        int colon = trigger.indexOf(':');
        return colon < 0 ? trigger : trigger.substring(0, colon);
    }

    /**
     * One finished import run: counted by status (HELD too), its rows by category, its duration. A dry run is
     * counted apart ({@code spedbridge_import_dry_runs_total{would_be=...}}): it changed nothing.
     */
    public void importFinished(ImportResult result) {
        if (result.dryRun()) {
            registry.counter("spedbridge_import_dry_runs", "would_be", result.status().name(), "trigger",
                    triggerKind(result.trigger())).increment();
            return;
        }
        registry.counter("spedbridge_import_runs", "status", result.status().name(), "trigger", triggerKind(result.trigger()))
                .increment();
        ImportCounts c = result.counts();
        Map<String, Integer> rows = Map.of(
                "read", c.rowsRead(), "matched", c.matched(), "unmatched", c.unmatched(),
                "duplicate", c.duplicates(), "error", c.errors(), "ignored", c.ignored(),
                "service_imported", c.servicesImported(), "service_unmatched", c.servicesUnmatched(),
                "not_in_file", c.notInFile());
        rows.forEach((category, n) -> registry.counter("spedbridge_import_rows", "category", category).increment(n));
        if (result.started() != null && result.finished() != null) {
            Timer.builder("spedbridge_import_duration").tag("status", result.status().name())
                    .register(registry).record(Duration.between(result.started(), result.finished()));
        }
    }

    /** One API request: by endpoint (the route id, not the path) and HTTP status, with its latency. */
    public void apiRequest(String endpoint, int status, Duration latency) {
        registry.counter("spedbridge_api_requests", "endpoint", endpoint, "status", String.valueOf(status)).increment();
        Timer.builder("spedbridge_api_latency").tag("endpoint", endpoint)
                .publishPercentiles(0.5, 0.99)
                .register(registry).record(latency);
    }

    /** A request refused by the per-key rate limit or the failed-key slow-down. */
    public void apiRateLimited(String reason) {
        Counter.builder("spedbridge_api_rate_limited").tag("reason", reason).register(registry).increment();
    }

    public MeterRegistry meters() {
        return registry;
    }
}
