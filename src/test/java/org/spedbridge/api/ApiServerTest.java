package org.spedbridge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spedbridge.SpedBridgeApp;
import org.spedbridge.support.TestApp;
import org.spedbridge.support.TestDatabases;
import org.spedbridge.support.TestTls;
import org.spedbridge.support.TestDatabases.Kind;

/** The API's HTTP server: a port it cannot bind fails the start; a keystore turns on HTTPS; off when disabled. */
class ApiServerTest {

    @TempDir
    Path tmp;

    @Test
    void aPortThatCannotBeBoundFailsTheStart() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
            Properties p = new Properties();
            p.setProperty("api.port", Integer.toString(taken.getLocalPort()));
            // refused before anything starts (PortGuard); the listener check after start catches a port lost in between
            assertThatThrownBy(() -> TestApp.start(TestApp.settings(Kind.H2, tmp, p)))
                    .isInstanceOf(org.spedbridge.config.ConfigException.class)
                    .hasMessageContaining("api.port")
                    .hasMessageContaining(Integer.toString(taken.getLocalPort()));
        }
    }

    @Test
    void theRunCommandExitsWithAnErrorWhenThePortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
            Properties p = TestDatabases.fresh(Kind.H2);
            p.setProperty("api.port", Integer.toString(taken.getLocalPort()));
            p.setProperty("siras.import.schedule-enabled", "false");
            p.setProperty("district.cds-code", "1234567");
            p.setProperty("management.port", "0");
            p.setProperty("camel.main.jmx-enabled", "false");
            Path config = tmp.resolve("run.properties");
            try (var w = java.nio.file.Files.newBufferedWriter(config)) {
                p.store(w, null);
            }
            int code = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(90),
                    () -> org.spedbridge.cli.SpedBridge.execute("--config", config.toString(), "run"));
            assertThat(code).isNotEqualTo(org.spedbridge.cli.SpedBridge.OK);
        }
    }

    @Test
    void aKeystoreTurnsOnHttps() throws Exception {
        Path keystore = TestTls.keystore(tmp);
        try (SpedBridgeApp app = TestApp.start(TestApp.settings(Kind.H2, tmp, TestTls.settings(keystore)))) {
            int port = ApiServer.boundPort(app.camelContext());
            HttpClient https = TestTls.client(keystore);
            HttpResponse<String> r = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/api/v5/systeminfo"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"DatabaseYear\"");
            // plain HTTP on the TLS port gets no API answer
            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            boolean plainServed;
            try {
                HttpResponse<String> pr = plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v5/systeminfo"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                plainServed = pr.statusCode() == 200;
            } catch (java.io.IOException e) {
                plainServed = false;
            }
            assertThat(plainServed).isFalse();
        }
    }

    @Test
    void aMissingKeystoreOrPasswordIsAClearConfigurationError() {
        Properties p = new Properties();
        p.setProperty("api.tls.keystore-file", tmp.resolve("nope.p12").toString());
        assertThatThrownBy(() -> TestApp.start(TestApp.settings(Kind.H2, tmp, p)))
                .hasMessageContaining("api.tls.keystore-file");
    }

    @Test
    void theApiCanBeTurnedOff() throws Exception {
        Properties p = new Properties();
        p.setProperty("api.enabled", "false");
        try (SpedBridgeApp app = TestApp.start(TestApp.settings(Kind.H2, tmp, p))) {
            assertThat(ApiServer.boundPort(app.camelContext())).isEqualTo(-1);
        }
    }
}
