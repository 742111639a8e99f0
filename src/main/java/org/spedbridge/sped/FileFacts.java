package org.spedbridge.sped;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What one streaming pass over a file's bytes tells: its SHA-256, whether it is valid UTF-8 (else it is
 * read as Windows-1252), whether it starts with a UTF-8 BOM, and whether its last byte ends a line.
 * Memory stays constant whatever the file size.
 */
public record FileFacts(long size, String sha256, boolean validUtf8, boolean bom, boolean endsWithLineEnd) {

    private static final int CHUNK = 64 * 1024;

    public static FileFacts scan(Path file) throws IOException {
        MessageDigest sha = newSha256();
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        byte[] chunk = new byte[CHUNK];
        ByteBuffer pending = ByteBuffer.allocate(CHUNK + 16);
        CharBuffer sink = CharBuffer.allocate(CHUNK);
        boolean valid = true;
        boolean bom = false;
        long size = 0;
        byte last = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.readNBytes(chunk, 0, CHUNK)) > 0) {
                if (size == 0 && n >= 3 && (chunk[0] & 0xFF) == 0xEF && (chunk[1] & 0xFF) == 0xBB
                        && (chunk[2] & 0xFF) == 0xBF) {
                    bom = true;
                }
                sha.update(chunk, 0, n);
                size += n;
                last = chunk[n - 1];
                if (valid) {
                    pending.put(chunk, 0, n).flip();
                    valid = decode(utf8, pending, sink, false);
                    pending.compact();
                }
            }
        }
        if (valid) {
            pending.flip();
            valid = decode(utf8, pending, sink, true) && !utf8.flush(sink.clear()).isError();
        }
        return new FileFacts(size, HexFormat.of().formatHex(sha.digest()), valid, bom, last == '\n' || last == '\r');
    }

    private static boolean decode(CharsetDecoder decoder, ByteBuffer in, CharBuffer out, boolean end) {
        while (true) {
            CoderResult r = decoder.decode(in, out.clear(), end);
            if (r.isError()) {
                return false;
            }
            if (!r.isOverflow()) {
                return true;
            }
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
