package org.spedbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.config.Settings;
import org.spedbridge.store.Database;
import org.spedbridge.support.TestDatabases;
import org.spedbridge.support.TestDatabases.Kind;

/**
 * The import lock in the database: two locks on one database stand for two processes (each hold is a session of
 * its own), so what one holds the other waits for, up to siras.import.lock-wait-seconds, then gives up naming the
 * holder. (The same across real processes: ImportLockAcrossProcessesIT.)
 */
class SirasImportLockTest {

    private static Settings settings(Properties db, int waitSeconds) {
        Properties p = new Properties();
        p.putAll(db);
        p.setProperty("siras.import.lock-wait-seconds", Integer.toString(waitSeconds));
        return Settings.load(null, Map.of(), p);
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void aSecondHolderWaitsThenGivesUpNamingTheFirst(Kind kind) throws Exception {
        Properties db = TestDatabases.fresh(kind);
        try (Database database = Database.open(settings(db, 1))) {
            SirasImportLock first = new SirasImportLock(database, settings(db, 1));
            SirasImportLock second = new SirasImportLock(database, settings(db, 1));
            try (SirasImportLock.Hold held = first.hold("schedule")) {
                assertThat(holders(database)).isEqualTo("schedule " + ProcessHandle.current().pid());

                assertThatThrownBy(() -> second.tryHold("admin:key-7"))
                        .isInstanceOf(ImportLockBusy.class)
                        .hasMessageContaining("Another SIRAS import is running: trigger 'schedule' on host ")
                        .hasMessageContaining("(process " + ProcessHandle.current().pid() + ") since ")
                        .hasMessageContaining("did not wait");

                long t0 = System.nanoTime();
                assertThatThrownBy(() -> second.hold("now"))
                        .isInstanceOf(ImportLockBusy.class)
                        .hasMessageContaining("trigger 'schedule'")
                        .hasMessageContaining("This import (trigger 'now') waited 1 s for it (siras.import.lock-wait-seconds)")
                        .hasMessageContaining("nothing was changed");
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
            }
            assertThat(holders(database)).as("a released lock names nobody").isEmpty();
            try (SirasImportLock.Hold now = second.tryHold("now")) {
                assertThat(holders(database)).isEqualTo("now " + ProcessHandle.current().pid());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void aWaitingHolderGetsTheLockWhenTheFirstReleasesIt(Kind kind) throws Exception {
        Properties db = TestDatabases.fresh(kind);
        try (Database database = Database.open(settings(db, 60))) {
            SirasImportLock first = new SirasImportLock(database, settings(db, 60));
            SirasImportLock second = new SirasImportLock(database, settings(db, 60));
            SirasImportLock.Hold held = first.hold("schedule");
            CompletableFuture<SirasImportLock.Hold> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return second.hold("now");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(1500);
            assertThat(waiting).as("waits while the first holds it").isNotDone();
            held.close();
            held.close(); // twice is harmless
            try (SirasImportLock.Hold got = waiting.get(20, TimeUnit.SECONDS)) {
                assertThat(holders(database)).isEqualTo("now " + ProcessHandle.current().pid());
                assertThatThrownBy(() -> first.tryHold("jmx")).isInstanceOf(ImportLockBusy.class)
                        .hasMessageContaining("trigger 'now'");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void withinOneProcessRunsQueueAndTheAdminEndpointDoesNotWait(Kind kind) throws Exception {
        Properties db = TestDatabases.fresh(kind);
        try (Database database = Database.open(settings(db, 60))) {
            SirasImportLock lock = new SirasImportLock(database, settings(db, 60));
            try (SirasImportLock.Hold held = lock.hold("jmx")) {
                assertThatThrownBy(() -> lock.tryHold("admin:key-1")).isInstanceOf(ImportLockBusy.class)
                        .hasMessageContaining("trigger 'jmx'");
            }
            lock.tryHold("admin:key-1").close();
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void schemasOfOneDatabaseDoNotShareTheLock(Kind kind) throws Exception {
        Properties a = TestDatabases.fresh(kind);
        Properties b = TestDatabases.fresh(kind);
        try (Database one = Database.open(settings(a, 0)); Database other = Database.open(settings(b, 0));
             SirasImportLock.Hold held = new SirasImportLock(one, settings(a, 0)).hold("schedule");
             SirasImportLock.Hold alsoHeld = new SirasImportLock(other, settings(b, 0)).hold("schedule")) {
            assertThat(holders(one)).startsWith("schedule");
            assertThat(holders(other)).startsWith("schedule");
        }
        assertThat(DatabaseImportLock.advisoryKey("t_a")).isNotEqualTo(DatabaseImportLock.advisoryKey("t_b"));
    }

    private static String holders(Database database) throws Exception {
        try (Connection c = database.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT trigger_name, pid FROM import_lock_holder")) {
            return rs.next() ? rs.getString(1) + " " + rs.getLong(2) : "";
        }
    }
}
