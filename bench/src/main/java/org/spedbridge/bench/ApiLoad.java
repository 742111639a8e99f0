package org.spedbridge.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Closed-loop HTTP load against 127.0.0.1 only: {@code concurrency} threads each send one request after
 * the other (java.net.http.HttpClient, HTTP/1.1, keep-alive) until the time or the request budget is
 * used up. Every response is read completely; a status other than 200 counts as an error. Each cell
 * sends one Accept header (JSON or XML).
 */
final class ApiLoad {

    record Result(String name, int concurrency, long requests, long errors, double seconds, double perSecond,
                  double p50ms, double p99ms, double maxMs, double jvmMicros, double postgresMicros) {
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String key;

    ApiLoad(String key) {
        this.key = key;
    }

    /**
     * Runs one cell: a warm-up of {@code warmupSeconds} (not recorded), then at most {@code seconds} or
     * {@code maxRequests} requests, whichever ends first. {@code uri} gives the URI for a thread's random.
     */
    Result run(String name, String accept, int concurrency, double warmupSeconds, double seconds, long maxRequests,
               Function<SplittableRandom, String> uri) throws Exception {
        phase(concurrency, warmupSeconds, maxRequests, accept, uri, 7);
        long t0 = System.nanoTime();
        long jvm0 = CpuTime.thisJvmNanos();
        long pg0 = CpuTime.postgresNanos();
        List<long[]> lat = phase(concurrency, seconds, maxRequests, accept, uri, 11);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long jvm = CpuTime.thisJvmNanos() - jvm0;
        long pg = CpuTime.postgresNanos() - pg0;
        long errors = 0;
        int n = 0;
        for (long[] l : lat) {
            errors += l[0];
            n += l.length - 1;
        }
        long[] all = new long[n];
        int k = 0;
        for (long[] l : lat) {
            System.arraycopy(l, 1, all, k, l.length - 1);
            k += l.length - 1;
        }
        Arrays.sort(all);
        return new Result(name, concurrency, n, errors, elapsed, n / elapsed, pct(all, 0.50), pct(all, 0.99),
                all.length == 0 ? 0 : all[all.length - 1] / 1e6, n == 0 ? 0 : jvm / 1e3 / n, n == 0 ? 0 : pg / 1e3 / n);
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    /** Per thread: [errors, latency ns...]. */
    private List<long[]> phase(int concurrency, double seconds, long maxRequests, String accept,
                               Function<SplittableRandom, String> uri, long seed) throws Exception {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long perThread = Math.max(1, maxRequests / concurrency);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int t = 0; t < concurrency; t++) {
                SplittableRandom random = new SplittableRandom(seed * 1000 + t);
                futures.add(pool.submit(() -> {
                    long[] lat = new long[16];
                    int n = 1;
                    long errors = 0;
                    for (long i = 0; i < perThread && System.nanoTime() < deadline; i++) {
                        HttpRequest req = HttpRequest.newBuilder(URI.create(uri.apply(random)))
                                .header("AERIES-CERT", key).header("Accept", accept).timeout(Duration.ofSeconds(30)).GET().build();
                        long s = System.nanoTime();
                        int status;
                        try {
                            HttpResponse<byte[]> r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
                            status = r.statusCode();
                        } catch (java.io.IOException e) {
                            status = -1;
                        }
                        long d = System.nanoTime() - s;
                        if (status != 200) {
                            errors++;
                            if (errors <= 3) {
                                System.err.println("bench: HTTP " + status + " for " + req.uri().getPath());
                            }
                        }
                        if (n == lat.length) {
                            lat = Arrays.copyOf(lat, lat.length * 2);
                        }
                        lat[n++] = d;
                    }
                    lat[0] = errors;
                    return Arrays.copyOf(lat, n);
                }));
            }
            List<long[]> out = new ArrayList<>();
            for (Future<long[]> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
