package org.spedbridge.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed attempts per remote address in the current minute: missing or bad AERIES-CERT keys
 * ({@link ApiGuard}) and bad key pickup links ({@link KeyPickupEndpoint}) count together, so an address
 * that guesses gets 429 + Retry-After once it reached the limit, until its minute is over.
 */
public final class FailedAttempts {

    private final int maxPerMinute;
    private final Map<String, Window> byAddress = new ConcurrentHashMap<>();

    public FailedAttempts(int maxPerMinute) {
        this.maxPerMinute = Math.max(1, maxPerMinute);
    }

    /** 0 when the address may try again, else the seconds until its minute is over. */
    public long retryAfterSeconds(String address) {
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
