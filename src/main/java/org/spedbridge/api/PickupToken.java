package org.spedbridge.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret of a key pickup link and what it locks.
 * <ul>
 *   <li>The token: 256 random bits from a {@link SecureRandom}, base64url without padding (43 characters,
 *       safe in a URL path).</li>
 *   <li>Its lookup hash: SHA-256 of the token, hex (api_key_pickup.token_hash), like a key's hash.</li>
 *   <li>The sealing key: HMAC-SHA256 keyed with the token's bytes over a fixed label (an HKDF-Expand step),
 *       independent of the lookup hash. The API key is kept until its pickup only as AES-256-GCM under that
 *       key (random 96-bit nonce, the key id as associated data), so neither the database nor a backup of it
 *       can reveal the key without the token, which exists only in the link.</li>
 * </ul>
 */
final class PickupToken {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TOKEN_BYTES = 32;
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final byte[] SEALING_LABEL = "sped-bridge key pickup: AES-256-GCM key v1".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private PickupToken() {
    }

    static String newToken() {
        byte[] b = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Whether the text can be a token at all (else it is no pickup link: no database look-up). */
    static boolean wellFormed(String token) {
        return token != null && FORM.matcher(token).matches();
    }

    static String hash(String token) {
        return ApiKeys.hash(token);
    }

    /** The key sealed under the token: base64 of nonce + ciphertext + tag. */
    static String seal(String token, long keyId, String key) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher gcm = cipher(Cipher.ENCRYPT_MODE, token, keyId, nonce);
            byte[] sealed = gcm.doFinal(key.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot seal the key for its pickup link: " + e.getMessage(), e);
        }
    }

    /** The key back; fails when the token or the key id is not the one it was sealed with, or the text was changed. */
    static String open(String token, long keyId, String sealed) {
        try {
            byte[] all = Base64.getDecoder().decode(sealed);
            byte[] nonce = java.util.Arrays.copyOf(all, NONCE_BYTES);
            Cipher gcm = cipher(Cipher.DECRYPT_MODE, token, keyId, nonce);
            return new String(gcm.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("The sealed key of pickup link for key " + keyId + " cannot be opened", e);
        }
    }

    private static Cipher cipher(int mode, String token, long keyId, byte[] nonce) throws GeneralSecurityException {
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(Base64.getUrlDecoder().decode(token), "HmacSHA256"));
        SecretKeySpec aes = new SecretKeySpec(hmac.doFinal(SEALING_LABEL), "AES");
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(mode, aes, new GCMParameterSpec(TAG_BITS, nonce));
        gcm.updateAAD(ByteBuffer.allocate(Long.BYTES).putLong(keyId).array());
        return gcm;
    }
}
