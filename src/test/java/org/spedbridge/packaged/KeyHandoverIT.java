package org.spedbridge.packaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.openpgp.api.OpenPGPApi;
import org.bouncycastle.openpgp.api.OpenPGPKey;
import org.bouncycastle.openpgp.api.bc.BcOpenPGPApi;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.support.FreePort;
import org.spedbridge.support.PackagedJar;
import org.spedbridge.support.TestDatabases;
import org.spedbridge.support.TestDatabases.Kind;
import org.spedbridge.support.TestTls;

/**
 * Issue 13 from the packaged jar: {@code keys create --pickup} on a server that speaks HTTPS (keystore password from
 * the environment), the key picked up once over HTTPS from {@code run}, {@code keys list} saying so, and neither the
 * token nor the key in anything the processes wrote; {@code --out} and {@code --encrypt-to} with the shaded Bouncy
 * Castle (its jars are signed; the shaded jar must work without their signatures), read back by the test and by GnuPG.
 */
class KeyHandoverIT {

    private static final Duration COMMAND = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void aPickupLinkHandsTheKeyOverOnceOverHttps(Kind kind) throws Exception {
        PackagedJar jar = PackagedJar.deployIn(tmp.resolve("opt/sped-bridge"));
        Path keystore = TestTls.keystore(tmp);
        jar.env("API_TLS_KEYSTORE_PASSWORD", TestTls.PASSWORD);
        Properties p = new Properties();
        if (kind == Kind.POSTGRES) {
            p.putAll(TestDatabases.fresh(kind));
        } // H2: the shipped default, a file under the deployment's data/
        int port = FreePort.find();
        p.setProperty("api.port", Integer.toString(port));
        p.setProperty("api.tls.keystore-file", keystore.toString());
        p.setProperty("management.port", Integer.toString(FreePort.find()));
        p.setProperty("siras.import.schedule-enabled", "false");
        p.setProperty("district.cds-code", "1964733"); // run refuses to start without the district's CDS code
        p.setProperty("camel.main.jmx-enabled", "false");
        Path config = jar.config("district.properties", p);

        PackagedJar.Result created = jar.run(COMMAND, "--config", config.toString(), "keys", "create", "--name", "siras",
                "--areas", "student-data,special-education", "--pickup", "--pickup-hours", "1");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        String[] lines = created.out().strip().split("\n");
        String url = lines[lines.length - 1];
        assertThat(url).matches("https://[^/]+:" + port + "/keys/pickup/[A-Za-z0-9_-]{43}");
        String token = url.substring(url.lastIndexOf('/') + 1);

        HttpClient https = TestTls.client(keystore);
        String api = "https://localhost:" + port;
        String key;
        try (PackagedJar.Running run = jar.start("run", "--config", config.toString(), "run")) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> get(https, api + "/api/v5/systeminfo", null).statusCode() == 200);
            HttpResponse<String> first = get(https, api + "/keys/pickup/" + token, null);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-store");
            JsonNode body = JSON.readTree(first.body());
            key = body.get("Key").asText();
            assertThat(key).matches("[A-Za-z0-9]{20}");
            assertThat(body.get("Name").asText()).isEqualTo("siras");
            assertThat(get(https, api + "/keys/pickup/" + token, null).statusCode()).isEqualTo(410);
            assertThat(get(https, api + "/api/v5/schools", key).statusCode()).as("the key works").isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> run.stderr().contains("was picked up through its one-time link"));
            run.stop();
            assertThat(run.stdout() + run.stderr()).as("the server's log").doesNotContain(token).doesNotContain(key);
        }
        PackagedJar.Result listed = jar.run(COMMAND, "--config", config.toString(), "keys", "list");
        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        assertThat(listed.out()).containsPattern("siras .* pickup: picked up \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d from 127\\.0\\.0\\.1")
                .doesNotContain(key).doesNotContain(token);
        assertThat(created.err() + listed.err()).doesNotContain(token).doesNotContain(key);
    }

    @Test
    void outAndEncryptToWorkFromTheShadedJar() throws Exception {
        PackagedJar jar = PackagedJar.deployIn(tmp.resolve("opt/sped-bridge"));
        Path config = jar.config("district.properties", new Properties());
        OpenPGPApi pgp = new BcOpenPGPApi();
        OpenPGPKey siras = pgp.generateKey(PublicKeyPacket.VERSION_4).ed25519x25519Key("SIRAS <keys@siras.example>").build();
        Path publicKey = tmp.resolve("siras.asc");
        Files.writeString(publicKey, siras.toCertificate().toAsciiArmoredString());

        Path encrypted = tmp.resolve("siras-key.asc");
        PackagedJar.Result sealed = jar.run(COMMAND, "--config", config.toString(), "keys", "create", "--name", "siras",
                "--areas", "contacts", "--encrypt-to", publicKey.toString(), "--out", encrypted.toString());
        assertThat(sealed.exitCode()).as(sealed.toString()).isZero();
        assertThat(sealed.out()).contains(siras.getPrettyFingerprint());
        String key;
        try (InputStream in = pgp.decryptAndOrVerifyMessage().addDecryptionKey(siras)
                .process(new ByteArrayInputStream(Files.readAllBytes(encrypted)))) {
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            in.transferTo(plain);
            key = plain.toString(StandardCharsets.UTF_8).strip();
        }
        assertThat(key).matches("[A-Za-z0-9]{20}");

        Path file = tmp.resolve("siras.key");
        PackagedJar.Result written = jar.run(COMMAND, "--config", config.toString(), "keys", "create", "--name", "ops",
                "--areas", "import-admin", "--out", file.toString());
        assertThat(written.exitCode()).as(written.toString()).isZero();
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(written.out() + written.err()).doesNotContain(Files.readString(file).strip());

        PackagedJar.Result listed = jar.run(COMMAND, "--config", config.toString(), "keys", "list");
        assertThat(listed.out()).containsPattern("siras .* encrypted").containsPattern("ops .* file");
    }

    /** What SIRAS would do: its own GnuPG key pair, our message decrypted by gpg (GnuPG 2.2 reads RFC 4880 messages). */
    @Test
    void gnupgDecryptsTheEncryptedKey() throws Exception {
        Assumptions.assumeTrue(gpg(tmp, "--version").exit() == 0, "GnuPG (gpg) is not installed");
        Path home = Files.createDirectory(tmp.resolve("gnupg"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        assertThat(gpg(home, "--batch", "--passphrase", "", "--quick-gen-key", "SIRAS <keys@siras.example>",
                "default", "default", "never").exit()).isZero();
        Path publicKey = tmp.resolve("siras.asc");
        assertThat(gpg(home, "--armor", "--output", publicKey.toString(), "--export", "keys@siras.example").exit()).isZero();

        PackagedJar jar = PackagedJar.deployIn(tmp.resolve("opt/sped-bridge"));
        Path config = jar.config("district.properties", new Properties());
        Path encrypted = tmp.resolve("siras-key.asc");
        PackagedJar.Result sealed = jar.run(COMMAND, "--config", config.toString(), "keys", "create", "--name", "siras",
                "--areas", "contacts", "--encrypt-to", publicKey.toString(), "--out", encrypted.toString());
        assertThat(sealed.exitCode()).as(sealed.toString()).isZero();

        Path plain = tmp.resolve("key.txt");
        try {
            Gpg decrypt = gpg(home, "--batch", "--output", plain.toString(), "--decrypt", encrypted.toString());
            assertThat(decrypt.exit()).as(decrypt.output()).isZero();
            assertThat(decrypt.output()).as("no complaint about the message").doesNotContain("invalid");
            assertThat(Files.readString(plain).strip()).matches("[A-Za-z0-9]{20}");
        } finally {
            new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "gpg-agent").start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private record Gpg(int exit, String output) {
    }

    private static Gpg gpg(Path home, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("gpg", "--homedir", home.toString()));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Gpg(-1, "gpg cannot be started: " + e.getMessage());
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Gpg(p.exitValue(), output);
    }

    private static HttpResponse<String> get(HttpClient http, String url, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (key != null) {
            b.header("AERIES-CERT", key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
