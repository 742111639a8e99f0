package org.spedbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.openpgp.api.OpenPGPApi;
import org.bouncycastle.openpgp.api.OpenPGPKey;
import org.bouncycastle.openpgp.api.bc.BcOpenPGPApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.config.Settings;
import org.spedbridge.store.Database;
import org.spedbridge.support.Cli;
import org.spedbridge.support.TestDatabases;
import org.spedbridge.support.TestDatabases.Kind;

/**
 * {@code keys create --out} (a new owner-only file, never an overwrite), {@code --encrypt-to} (an OpenPGP
 * message only the private key opens) and {@code keys list}'s HANDED OVER column for every way.
 */
class KeyHandoverCommandTest {

    private static final OpenPGPApi PGP = new BcOpenPGPApi();

    @TempDir
    Path tmp;

    private Path config;
    private Database db;

    @AfterEach
    void closeDatabase() {
        if (db != null) {
            db.close();
        }
    }

    private void freshDatabase(Kind kind) throws Exception {
        Properties p = TestDatabases.fresh(kind);
        p.setProperty("api.host", "127.0.0.1"); // pickup links may be issued (plain HTTP on loopback)
        config = tmp.resolve("district.properties");
        try (var w = Files.newBufferedWriter(config)) {
            p.store(w, "test database");
        }
        db = Database.open(Settings.load(config, Map.of(), new Properties()));
    }

    private Cli keys(String... args) {
        return KeyPickupTest.keys(config, args);
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void outWritesTheKeyToANewFileOnlyItsOwnerCanReadAndNeverOverwrites(Kind kind) throws Exception {
        freshDatabase(kind);
        Path file = tmp.resolve("siras.key");
        Cli created = keys("create", "--name", "siras", "--areas", "contacts,student-data", "--out", file.toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String key = Files.readString(file).strip();
        assertThat(key).matches("[A-Za-z0-9]{20}");
        assertThat(Files.readString(file)).isEqualTo(key + "\n");
        assertThat(created.out() + created.err()).doesNotContain(key).contains("readable by you only", "never by e-mail");
        assertThat(new ApiKeys(db).findByKey(key)).get().extracting(ApiKeys.KeyInfo::name).isEqualTo("siras");

        Cli again = keys("create", "--name", "siras2", "--areas", "contacts", "--out", file.toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("exists already", "never overwrites");
        assertThat(Files.readString(file)).as("the file is untouched").isEqualTo(key + "\n");
        Path link = tmp.resolve("planted-link");
        Files.createSymbolicLink(link, tmp.resolve("target-of-link"));
        assertThat(keys("create", "--name", "siras3", "--areas", "contacts", "--out", link.toString()).exitCode())
                .as("a (dangling) link is not followed").isEqualTo(2);
        assertThat(Files.exists(tmp.resolve("target-of-link"))).isFalse();
        Cli noFolder = keys("create", "--name", "siras4", "--areas", "contacts", "--out", tmp.resolve("nope/k.txt").toString());
        assertThat(noFolder.exitCode()).isEqualTo(2);
        assertThat(noFolder.err()).contains("does not exist");
        assertThat(count("SELECT COUNT(*) FROM api_key")).as("no key was created by a refused command").isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void encryptToWritesAMessageOnlyThePrivateKeyOpens(Kind kind) throws Exception {
        freshDatabase(kind);
        OpenPGPKey siras = keyPair("SIRAS Systems <keys@siras.example>");
        Path publicKey = publicKeyFile(siras, "siras-public.asc");
        Path out = tmp.resolve("siras-api-key.asc");

        Cli created = keys("create", "--name", "siras", "--areas", "special-education", "--encrypt-to", publicKey.toString(),
                "--out", out.toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains(siras.getPrettyFingerprint(), "SIRAS Systems <keys@siras.example>", "any channel");
        String message = Files.readString(out);
        assertThat(message).startsWith("-----BEGIN PGP MESSAGE-----");
        String key = decrypt(siras, message).strip();
        assertThat(key).matches("[A-Za-z0-9]{20}");
        assertThat(message).doesNotContain(key);
        assertThat(created.out() + created.err()).doesNotContain(key);
        assertThat(new ApiKeys(db).findByKey(key)).get().extracting(ApiKeys.KeyInfo::name).isEqualTo("siras");

        OpenPGPKey stranger = keyPair("Someone <x@example.org>");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> decrypt(stranger, message))
                .as("another private key cannot open it").isInstanceOf(Exception.class);

        // refusals, each before any key is created
        Path privateKey = tmp.resolve("siras-private.asc");
        Files.writeString(privateKey, siras.toAsciiArmoredString());
        Cli secret = keys("create", "--name", "x", "--areas", "contacts", "--encrypt-to", privateKey.toString(),
                "--out", tmp.resolve("x.asc").toString());
        assertThat(secret.exitCode()).isEqualTo(2);
        assertThat(secret.err()).contains("PRIVATE key", "PUBLIC key only");
        Path garbage = tmp.resolve("not-a-key.asc");
        Files.writeString(garbage, "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nbm90IGEga2V5\n-----END PGP PUBLIC KEY BLOCK-----\n");
        Cli notAKey = keys("create", "--name", "x", "--areas", "contacts", "--encrypt-to", garbage.toString(),
                "--out", tmp.resolve("y.asc").toString());
        assertThat(notAKey.exitCode()).isEqualTo(2);
        assertThat(notAKey.err()).contains("does not hold an OpenPGP public key");
        Cli noOut = keys("create", "--name", "x", "--areas", "contacts", "--encrypt-to", publicKey.toString());
        assertThat(noOut.exitCode()).isEqualTo(2);
        assertThat(noOut.err()).contains("name it with --out");
        Cli both = keys("create", "--name", "x", "--areas", "contacts", "--pickup", "--out", tmp.resolve("z").toString());
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("Choose one way");
        assertThat(keys("create", "--name", "x", "--areas", "contacts", "--pickup-hours", "5").exitCode()).isEqualTo(2);
        assertThat(keys("create", "--name", "x", "--areas", "contacts", "--pickup", "--pickup-hours", "0").err())
                .contains("--pickup-hours must be 1 to 720");
        assertThat(Files.exists(tmp.resolve("x.asc"))).isFalse();
        assertThat(Files.exists(tmp.resolve("y.asc"))).isFalse();
        assertThat(count("SELECT COUNT(*) FROM api_key")).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void listShowsHowEachKeyWasHandedOver(Kind kind) throws Exception {
        freshDatabase(kind);
        Path publicKey = publicKeyFile(keyPair("SIRAS <keys@siras.example>"), "siras.asc");

        assertThat(keys("create", "--name", "printed", "--areas", "contacts").exitCode()).isZero();
        assertThat(keys("create", "--name", "to-file", "--areas", "contacts", "--out", tmp.resolve("k").toString()).exitCode()).isZero();
        assertThat(keys("create", "--name", "encrypted", "--areas", "contacts", "--encrypt-to", publicKey.toString(),
                "--out", tmp.resolve("k.asc").toString()).exitCode()).isZero();
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("AnExistingKeyOf20Chars\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(keys("import", "--name", "imported", "--areas", "contacts").exitCode()).isZero();
        } finally {
            System.setIn(stdin);
        }
        String waiting = token(keys("create", "--name", "waiting", "--areas", "contacts", "--pickup", "--pickup-hours", "3"));
        String picked = token(keys("create", "--name", "picked", "--areas", "contacts", "--pickup"));
        String expired = token(keys("create", "--name", "expired", "--areas", "contacts", "--pickup"));
        String revoked = token(keys("create", "--name", "revoked", "--areas", "contacts", "--pickup"));
        KeyPickups pickups = new KeyPickups(db, Clock.systemDefaultZone());
        assertThat(pickups.redeem(picked, "203.0.113.5").outcome()).isEqualTo(KeyPickups.Outcome.PICKED_UP);
        sql("UPDATE api_key_pickup SET expires_at = TIMESTAMP '2021-03-04 05:06:00' WHERE token_hash = '"
                + PickupToken.hash(expired) + "'");
        assertThat(keys("revoke", Long.toString(idOfName("revoked"))).exitCode()).isZero();
        assertThat(waiting).isNotEqualTo(revoked);

        String list = keys("list").out();
        assertThat(list.lines().findFirst().orElseThrow()).contains("HANDED OVER");
        assertThat(line(list, "printed")).endsWith(" printed");
        assertThat(line(list, "to-file")).endsWith(" file");
        assertThat(line(list, "encrypted")).endsWith(" encrypted");
        assertThat(line(list, "imported")).endsWith(" imported");
        assertThat(line(list, "waiting")).containsPattern("pickup: waiting until \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d$");
        assertThat(line(list, "picked")).containsPattern("pickup: picked up \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d from 203\\.0\\.113\\.5$");
        assertThat(line(list, "expired")).endsWith("pickup: expired 2021-03-04 05:06");
        assertThat(line(list, "revoked")).contains(" revoked ").endsWith("pickup: not picked up (revoked)");
        // keys from before handovers were recorded
        sql("UPDATE api_key SET handover = NULL WHERE name = 'printed'");
        assertThat(line(keys("list").out(), "printed")).endsWith(" -");
        // the sweep every keys command ends with wiped the expired and the revoked link's key
        assertThat(count("SELECT COUNT(*) FROM api_key_pickup WHERE sealed_key IS NOT NULL")).isEqualTo(1);
    }

    // ---------------------------------------------------------------- helpers

    /** A key pair as gpg makes one (v4, Ed25519 signing + X25519 encryption subkey). */
    private static OpenPGPKey keyPair(String userId) throws Exception {
        return PGP.generateKey(PublicKeyPacket.VERSION_4).ed25519x25519Key(userId).build();
    }

    /** The key pair's public key (certificate), ASCII-armoured in a file: what SIRAS hands the district. */
    private Path publicKeyFile(OpenPGPKey key, String name) throws Exception {
        Path file = tmp.resolve(name);
        Files.writeString(file, key.toCertificate().toAsciiArmoredString());
        return file;
    }

    private static String decrypt(OpenPGPKey key, String message) throws Exception {
        try (InputStream in = PGP.decryptAndOrVerifyMessage().addDecryptionKey(key)
                .process(new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII)))) {
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            in.transferTo(plain);
            return plain.toString(StandardCharsets.UTF_8);
        }
    }

    private static String token(Cli created) {
        assertThat(created.exitCode()).as(created.err()).isZero();
        String url = KeyPickupTest.lastLine(created.out());
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private static String line(String list, String name) {
        return list.lines().filter(l -> l.matches("\\d+\\s+" + name + "\\s.*")).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not listed:\n" + list)).stripTrailing();
    }

    private long idOfName(String name) throws Exception {
        return count("SELECT id FROM api_key WHERE name = '" + name + "'");
    }

    private void sql(String update) throws Exception {
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.executeUpdate(update);
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = db.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
