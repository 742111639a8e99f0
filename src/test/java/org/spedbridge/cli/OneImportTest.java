package org.spedbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spedbridge.support.SirasSite;
import org.spedbridge.support.TcpRelay;
import org.spedbridge.support.TestApp;
import org.spedbridge.support.TestDatabases;

/**
 * {@code import-now}'s one run when the route stops before a run exists: the database gone after the start (it was
 * there for the migrations), so the import lock cannot be taken. The problem the command prints names the database,
 * not a Java exception.
 */
class OneImportTest {

    @TempDir
    Path tmp;

    @Test
    void theDatabaseGoneBeforeTheRunIsNamed() throws Exception {
        Properties db = TestDatabases.fresh(TestDatabases.Kind.POSTGRES);
        String url = db.getProperty("db.url");
        int pgPort = Integer.parseInt(url.replaceFirst("^jdbc:postgresql://[^:/]+:(\\d+)/.*$", "$1"));
        try (SirasSite site = new SirasSite(tmp); TcpRelay network = new TcpRelay(pgPort)) {
            Properties p = site.settings();
            p.putAll(db);
            p.setProperty("db.url", url.replaceFirst("//[^/]+/", "//127.0.0.1:" + network.port() + "/"));
            p.setProperty("db.connect-timeout-seconds", "2");
            p.setProperty("mail.smtp.host", "");
            try (OneImport once = OneImport.start(TestApp.settings(TestDatabases.Kind.H2, tmp, p))) {
                network.close(); // the database server goes away (connections reset, new ones refused)
                OneImport.Outcome done = once.run("now", null, false);
                assertThat(done.result()).isNull();
                assertThat(done.problem()).startsWith("The database could not be reached (")
                        .contains("db.url", "the data is as it was");
            }
        }
    }
}
