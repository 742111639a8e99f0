package org.spedbridge.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import org.spedbridge.support.TestDatabases;

/** One running app per database kind, shared by the tests of a class (starting one takes seconds). */
final class ApiFixtures implements AutoCloseable {

    private final Map<TestDatabases.Kind, ApiFixture> started = new EnumMap<>(TestDatabases.Kind.class);
    private final Properties overrides;

    ApiFixtures(Properties overrides) {
        this.overrides = overrides;
    }

    /** Settings the shared fixtures use unless a test class says otherwise. */
    static Properties defaults() {
        Properties p = new Properties();
        p.setProperty("api.database-year", "2025");
        p.setProperty("api.database-years", "2024");
        p.setProperty("api.auth.max-failures-per-minute", "100000");
        p.setProperty("api.rate-limit.per-second", "100000");
        p.setProperty("api.rate-limit.burst", "100000");
        p.setProperty("api.fetch-size", "10");
        p.setProperty("api.paging.max-record", "1000");
        return p;
    }

    synchronized ApiFixture get(TestDatabases.Kind kind) throws Exception {
        ApiFixture f = started.get(kind);
        if (f == null) {
            Path dir = Files.createTempDirectory("api-" + kind);
            f = new ApiFixture(kind, dir, overrides);
            started.put(kind, f);
        }
        return f;
    }

    @Override
    public synchronized void close() {
        started.values().forEach(ApiFixture::close);
        started.clear();
    }
}
