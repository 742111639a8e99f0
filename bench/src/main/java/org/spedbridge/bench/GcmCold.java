package org.spedbridge.bench;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * How long the JDK's AES-128-GCM (the cipher JSch negotiates) takes over 133 MB in SSH-sized packets (32 KB), cold
 * (first pass) and warm (passes 2-3): {@code mvn -B -o -q -Pbench test-compile exec:exec -Dbench.main=GcmCold}.
 */
public class GcmCold {
    public static void main(String[] a) throws Exception {
        int packet = 32 * 1024;
        long total = 133L << 20;
        byte[] key = new byte[16];
        byte[] iv = new byte[12];
        SecretKeySpec k = new SecretKeySpec(key, "AES");
        byte[] plain = new byte[packet];
        Cipher enc = Cipher.getInstance("AES/GCM/NoPadding");
        byte[] sealed = new byte[packet + 16];
        Cipher dec = Cipher.getInstance("AES/GCM/NoPadding");
        byte[] out = new byte[packet + 16];
        for (int pass = 1; pass <= 3; pass++) {
            long t = System.nanoTime();
            for (long done = 0; done < total; done += packet) {
                iv[11]++; if (iv[11] == 0) iv[10]++;
                enc.init(Cipher.ENCRYPT_MODE, k, new GCMParameterSpec(128, iv));
                int n = enc.doFinal(plain, 0, packet, sealed, 0);
                dec.init(Cipher.DECRYPT_MODE, k, new GCMParameterSpec(128, iv));
                dec.doFinal(sealed, 0, n, out, 0);
            }
            System.out.printf("pass %d: 133 MB sealed + opened in %d ms%n", pass, (System.nanoTime() - t) / 1_000_000);
        }
    }
}
