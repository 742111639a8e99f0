package org.spedbridge.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.spedbridge.ops.SpedBridgeMetrics;

/**
 * Failed attempts per remote address in the current minute: missing or bad AERIES-CERT keys
 * ({@link ApiGuard}) and bad key pickup links ({@link KeyPickupEndpoint}) count together, so an address
 * that guesses gets 429 + Retry-After once it reached the limit, until its minute is over.
 */
public final class FailedAttempts {

    private final int maxPerMinute;
    private final SpedBridgeMetrics metrics;
    private final Map<String, Window> byAddress = new ConcurrentHashMap<>();

    public FailedAttempts(int maxPerMinute, SpedBridgeMetrics metrics) {
        this.maxPerMinute = Math.max(1, maxPerMinute);
        this.metrics = metrics;
    }

    /**
     * 429 + Retry-After (counted as rate-limited "failed-keys") when the address used up its failed attempts
     * this minute: "Too many requests with {what} from this address. Wait N seconds, then {then}."
     */
    public void refuseIfTooMany(String address, String what, String then) {
        long retry = retryAfterSeconds(address);
        if (retry > 0) {
            metrics.apiRateLimited("failed-keys");
            throw new ApiException(429, "Too many requests with " + what + " from this address. Wait " + retry
                    + " seconds, then " + then + ".", Map.of("Retry-After", Long.toString(retry)));
        }
    }

    /** 0 when the address may try again, else the seconds until its minute is over. */
    long retryAfterSeconds(String address) {
        if (byAddress.size() > 10_000) {
            byAddress.values().removeIf(Window::idle); // bounded memory under a spray of addresses
        }
        return byAddress.computeIfAbsent(address, a -> new Window()).retryAfterSeconds(maxPerMinute);
    }

    public void add(String address) {
        byAddress.computeIfAbsent(address, a -> new Window()).add();
    }

    /** Failed attempts of one address in the current minute. */
    private static final class Window {
        private long windowStart = System.nanoTime();
        private int count;

        synchronized void add() {
            roll();
            count++;
        }

        synchronized long retryAfterSeconds(int max) {
            roll();
            if (count < max) {
                return 0;
            }
            long left = 60 - (System.nanoTime() - windowStart) / 1_000_000_000L;
            return Math.max(1, left);
        }

        synchronized boolean idle() {
            roll();
            return count == 0;
        }

        private void roll() {
            if (System.nanoTime() - windowStart >= 60_000_000_000L) {
                windowStart = System.nanoTime();
                count = 0;
            }
        }
    }
}
