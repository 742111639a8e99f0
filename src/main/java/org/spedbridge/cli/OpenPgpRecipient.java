package org.spedbridge.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.api.OpenPGPApi;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.bc.BcOpenPGPApi;

/**
 * The OpenPGP public key (certificate) a key is encrypted to with {@code keys create --encrypt-to}: read
 * from SIRAS' file (ASCII-armoured or binary) and used with Bouncy Castle's OpenPGP API on its own
 * lightweight crypto (no JCE provider to register). The message is ASCII-armoured, so it can be pasted
 * into any channel; only the holder of the private key can read it ({@code gpg --decrypt FILE}).
 */
final class OpenPgpRecipient {

    private static final OpenPGPApi API = new BcOpenPGPApi();

    private final OpenPGPCertificate certificate;

    private OpenPgpRecipient(OpenPGPCertificate certificate) {
        this.certificate = certificate;
    }

    /** Reads and checks the public key; a file that is not one, or holds no usable encryption key, is refused. */
    static OpenPgpRecipient read(Path file) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("--encrypt-to " + file + ": there is no readable file there. "
                    + "Save SIRAS' OpenPGP public key (the block starting -----BEGIN PGP PUBLIC KEY BLOCK-----) to a file "
                    + "and name it.");
        }
        OpenPGPCertificate cert;
        try {
            cert = API.readKeyOrCertificate().parseCertificateOrKey(Files.readAllBytes(file));
        } catch (IOException | RuntimeException e) {
            cert = null;
        }
        if (cert == null) {
            throw new IllegalArgumentException("--encrypt-to " + file + " does not hold an OpenPGP public key. "
                    + "Ask SIRAS for its public key (gpg --armor --export ...), the block starting "
                    + "-----BEGIN PGP PUBLIC KEY BLOCK-----.");
        }
        if (cert.isSecretKey()) {
            throw new IllegalArgumentException("--encrypt-to " + file + " holds a PRIVATE key: only its owner may have it. "
                    + "Delete this copy, tell SIRAS, and ask for the PUBLIC key only.");
        }
        if (cert.getEncryptionKeys().isEmpty()) {
            throw new IllegalArgumentException("The OpenPGP key in " + file + " (" + describe(cert) + ") has no valid "
                    + "encryption key (it may have expired or been revoked, or be for signing only). Ask SIRAS for a current one.");
        }
        return new OpenPgpRecipient(cert);
    }

    /** Fingerprint and primary user id, to print: the operator can check them with SIRAS. */
    String describe() {
        return describe(certificate);
    }

    private static String describe(OpenPGPCertificate cert) {
        var user = cert.getPrimaryUserId();
        return cert.getPrettyFingerprint() + (user == null ? "" : ", " + user.getUserId());
    }

    /** The text as an ASCII-armoured OpenPGP message to this key. */
    byte[] encrypt(String text) {
        ByteArrayOutputStream armoured = new ByteArrayOutputStream();
        // For GnuPG 2.2 (Debian 12, RHEL 9), checked with gpg --decrypt: no padding packet (RFC 9580; 2.2 does not
        // know it) and the armour's CRC line (optional since RFC 9580; without it 2.2 reads past the END line).
        try (OutputStream message = API.signAndOrEncryptMessage().setAllowPadding(false)
                .setArmorStreamFactory(out -> ArmoredOutputStream.builder().enableCRC(true).build(out))
                .addEncryptionCertificate(certificate).open(armoured)) {
            message.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | PGPException e) {
            throw new IllegalStateException("Cannot encrypt the key to " + describe() + ": " + e.getMessage(), e);
        }
        return armoured.toByteArray();
    }
}
