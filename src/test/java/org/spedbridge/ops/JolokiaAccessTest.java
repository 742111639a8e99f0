package org.spedbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spedbridge.SpedBridgeApp;
import org.spedbridge.support.FreePort;
import org.spedbridge.support.TestApp;
import org.spedbridge.support.TestDatabases;

/** Jolokia, when turned on, is restricted by jolokia-access.xml: Camel and sped-bridge MBeans read, secrets-bearing MBeans denied. */
class JolokiaAccessTest {

    @TempDir
    Path dir;

    @Test
    void restrictorAllowsOurMBeansAndDeniesTheJvmArguments() throws Exception {
        int port = FreePort.find();
        Properties p = new Properties();
        p.setProperty("management.port", String.valueOf(port));
        p.setProperty("camel.management.jolokia-enabled", "true");
        p.setProperty("camel.main.jmx-enabled", "true");
        HttpClient http = HttpClient.newHttpClient();
        try (SpedBridgeApp app = TestApp.start(TestApp.settings(TestDatabases.Kind.H2, dir, p))) {
            String base = "http://127.0.0.1:" + port + "/observe/jolokia";
            String allowed = http.send(HttpRequest.newBuilder(URI.create(base + "/read/org.spedbridge:type=ApiKeys/ActiveKeyCount"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(allowed).contains("\"status\":200").contains("\"value\":0");

            String denied = http.send(HttpRequest.newBuilder(URI.create(base + "/read/java.lang:type=Runtime/InputArguments"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(denied).contains("\"status\":403").doesNotContain("-Xmx");

            String write = http.send(HttpRequest.newBuilder(URI.create(base + "/exec/java.lang:type=Memory/gc()"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(write).contains("\"status\":403");
        }
    }
}
