package org.spedbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Properties;
import java.util.Set;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spedbridge.SpedBridgeApp;
import org.spedbridge.demo.SyntheticDistrict;
import org.spedbridge.roster.RosterLoader;
import org.spedbridge.support.FreePort;
import org.spedbridge.support.SirasSite;
import org.spedbridge.support.TestApp;
import org.spedbridge.support.TestDatabases;

/** Ops' view over a real remote JMX connector (RMI, as -Dcom.sun.management.jmxremote.port opens it). */
class JmxTest {

    @TempDir
    Path dir;

    @Test
    void sirasImportMBeanShowsTheLastRunAndRunsTheImportNow() throws Exception {
        try (SirasSite site = new SirasSite(dir)) {
            SyntheticDistrict district = SyntheticDistrict.demo(11).withCdsCode(SirasSite.USER);
            SyntheticDistrict.Expected expected = district.writeAll(dir.resolve("roster"), site.sftpRoot);
            for (String f : new String[] {"tableA.csv", "tableB.csv"}) {
                Files.setLastModifiedTime(site.sftpRoot.resolve(f), FileTime.from(Instant.now().minusSeconds(3600)));
            }
            Properties p = site.settings();
            p.setProperty("mail.smtp.host", "");
            p.setProperty("camel.main.jmx-enabled", "true");
            p.setProperty("siras.import.schedule-enabled", "true");
            try (RemoteJmx remote = RemoteJmx.open();
                 SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, dir, p));
                 JMXConnector client = JMXConnectorFactory.connect(remote.url())) {
                assertThat(new RosterLoader(app.database()).load(dir.resolve("roster")).loaded()).isTrue();
                MBeanServerConnection mbeans = client.getMBeanServerConnection();
                ObjectName imports = new ObjectName("org.spedbridge:type=SirasImport");
                assertThat(mbeans.getAttribute(imports, "LastStatus")).isEqualTo("NONE");
                assertThat((String) mbeans.getAttribute(imports, "NextScheduledFireTime")).matches("\\d{4}-.*Z");

                String summary = (String) mbeans.invoke(imports, "importNow", new Object[0], new String[0]);
                assertThat(summary).contains("APPLIED");
                assertThat(mbeans.getAttribute(imports, "LastStatus")).isEqualTo("APPLIED");
                assertThat(mbeans.getAttribute(imports, "LastTrigger")).isEqualTo("jmx");
                assertThat(mbeans.getAttribute(imports, "RowsRead")).isEqualTo(expected.rowsRead());
                assertThat(mbeans.getAttribute(imports, "Matched")).isEqualTo(expected.matched());
                assertThat(mbeans.getAttribute(imports, "Duplicates")).isEqualTo(expected.duplicates());
                assertThat(mbeans.getAttribute(imports, "ServicesImported")).isEqualTo(expected.servicesImported());
                assertThat((String) mbeans.getAttribute(imports, "StudentsFileSha256")).matches("[0-9a-f]{64}");
                String report = (String) mbeans.invoke(imports, "lastReport", new Object[0], new String[0]);
                assertThat(report).contains("APPLIED").contains(String.valueOf(expected.matched()));
            }
        }
    }

    @Test
    void remoteJmxShowsCamelRoutesAndApiKeysWithoutSecrets() throws Exception {
        Properties p = new Properties();
        p.setProperty("camel.main.jmx-enabled", "true");
        try (RemoteJmx remote = RemoteJmx.open();
             SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, dir, p));
             JMXConnector client = JMXConnectorFactory.connect(remote.url())) {
            try (Connection c = app.database().connection(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO api_key (id, name, key_hash, areas, created_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setLong(1, 41);
                ps.setString(2, "SIRAS");
                ps.setString(3, "0f".repeat(32));
                ps.setString(4, "student-data,contacts");
                ps.setTimestamp(5, Timestamp.from(Instant.now()));
                ps.executeUpdate();
            }
            try (Connection c = app.database().connection(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO api_audit (id, at_time, key_id, method, path, status, records) VALUES (?, ?, 41, 'GET', '/api/v5/schools', 200, 3)")) {
                for (int i = 1; i <= 3; i++) {
                    ps.setLong(1, i);
                    ps.setTimestamp(2, Timestamp.from(Instant.now()));
                    ps.executeUpdate();
                }
            }
            MBeanServerConnection mbeans = client.getMBeanServerConnection();

            ObjectName keys = new ObjectName("org.spedbridge:type=ApiKeys");
            String[] rows = (String[]) mbeans.getAttribute(keys, "Keys");
            assertThat(rows).hasSize(1);
            assertThat(rows[0]).contains("id=41").contains("name=SIRAS").contains("requests=3")
                    .doesNotContain("0f0f0f");
            assertThat(mbeans.getAttribute(keys, "ActiveKeyCount")).isEqualTo(1);
            assertThat(mbeans.invoke(keys, "requestCount", new Object[] {41L}, new String[] {"long"})).isEqualTo(3L);

            Set<ObjectName> contexts = mbeans.queryNames(new ObjectName("org.apache.camel:type=context,*"), null);
            assertThat(contexts).isNotEmpty();
            assertThat(mbeans.getAttribute(contexts.iterator().next(), "State")).isEqualTo("Started");
        }
        assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(new ObjectName("org.spedbridge:type=ApiKeys")))
                .as("unregistered at stop").isFalse();
    }

    /** A real RMI JMX connector on a free port, as -Dcom.sun.management.jmxremote.port opens one. */
    private record RemoteJmx(Registry registry, JMXConnectorServer server, JMXServiceURL url) implements AutoCloseable {
        static RemoteJmx open() throws Exception {
            int port = FreePort.find();
            Registry registry = LocateRegistry.createRegistry(port);
            JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
            JMXConnectorServer server = JMXConnectorServerFactory.newJMXConnectorServer(url, null,
                    ManagementFactory.getPlatformMBeanServer());
            server.start();
            return new RemoteJmx(registry, server, url);
        }

        @Override
        public void close() throws Exception {
            server.stop();
            UnicastRemoteObject.unexportObject(registry, true);
        }
    }
}
