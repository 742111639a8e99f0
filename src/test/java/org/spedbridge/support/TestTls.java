package org.spedbridge.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** HTTPS for tests: a self-signed keystore for localhost / 127.0.0.1 (made by keytool) and a client that trusts it. */
public final class TestTls {

    /** The test keystore's password (in production it comes from API_TLS_KEYSTORE_PASSWORD). */
    public static final String PASSWORD = "test-only-pass";

    private TestTls() {
    }

    /** Creates api.p12 in the folder. */
    public static Path keystore(Path dir) throws Exception {
        Path keystore = dir.resolve("api.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "api", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD)
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        return keystore;
    }

    /** The settings that turn HTTPS on with that keystore. */
    public static Properties settings(Path keystore) {
        Properties p = new Properties();
        p.setProperty("api.tls.keystore-file", keystore.toString());
        // in production from the environment variable API_TLS_KEYSTORE_PASSWORD (Settings maps it to this key)
        p.setProperty("api.tls.keystore-password", PASSWORD);
        return p;
    }

    /** An HTTP client that trusts the keystore's certificate (and nothing else). */
    public static HttpClient client(Path keystore) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(keystore.toFile())) {
            trust.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
    }
}
