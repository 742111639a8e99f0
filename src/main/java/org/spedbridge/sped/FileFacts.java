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
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one streaming pass over a file's bytes tells: its SHA-256, whether it is valid UTF-8 (else it is
 * read as Windows-1252), whether it starts with a UTF-8 BOM, and whether its last byte ends a line.
 * Memory stays constant whatever the file size. The pass is an {@link Accumulator} fed the bytes in order, in
 * pieces of any size: {@link #scan} feeds it a local file; the SFTP download feeds it the bytes as they arrive
 * (so the copy on disk is not read again); both give the same facts for the same bytes.
 */
public record FileFacts(long size, String sha256, boolean validUtf8, boolean bom, boolean endsWithLineEnd) {

    private static final int CHUNK = 64 * 1024;
    private static final AtomicLong SCANS = new AtomicLong();

    /** Reads {@code file} once, from its first byte to its last. */
    public static FileFacts scan(Path file) throws IOException {
        SCANS.incrementAndGet();
        Accumulator facts = new Accumulator();
        byte[] chunk = new byte[CHUNK];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.readNBytes(chunk, 0, CHUNK)) > 0) {
                facts.update(chunk, 0, n);
            }
        }
        return facts.finish();
    }

    /**
     * How many files {@link #scan} has read in this process (a test proves with it that a run whose files were
     * downloaded does not read them a second time).
     */
    public static long scans() {
        return SCANS.get();
    }

    /**
     * The one pass: the bytes of one file, fed in order by {@link #update}, then {@link #finish}. The one place of
     * the rules (UTF-8 valid or not, a BOM, the last byte a line end); a multi-byte character or the BOM may be split
     * between two pieces. Not thread-safe; one file per accumulator.
     */
    public static final class Accumulator {

        private final MessageDigest sha = newSha256();
        private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        private final ByteBuffer pending = ByteBuffer.allocate(CHUNK + 16);
        private final CharBuffer sink = CharBuffer.allocate(CHUNK);
        private final byte[] head = new byte[3];
        private boolean valid = true;
        private long size;
        private byte last;
        private FileFacts facts;

        /** The next {@code length} bytes of the file. */
        public void update(byte[] bytes, int offset, int length) {
            if (facts != null) {
                throw new IllegalStateException("the file's facts were already taken");
            }
            for (int i = 0; size + i < head.length && i < length; i++) {
                head[(int) size + i] = bytes[offset + i];
            }
            sha.update(bytes, offset, length);
            size += length;
            if (length > 0) {
                last = bytes[offset + length - 1];
            }
            // at most CHUNK at a time: what a piece leaves undecoded (part of a character) fits beside the next one
            for (int at = offset, end = offset + length; valid && at < end; at += CHUNK) {
                int n = Math.min(CHUNK, end - at);
                pending.put(bytes, at, n).flip();
                valid = decode(utf8, pending, sink, false);
                pending.compact();
            }
        }

        /** The facts of the bytes fed so far, which are the whole file. */
        public FileFacts finish() {
            if (facts == null) {
                if (valid) {
                    pending.flip();
                    valid = decode(utf8, pending, sink, true) && !utf8.flush(sink.clear()).isError();
                }
                boolean bom = size >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB
                        && (head[2] & 0xFF) == 0xBF;
                facts = new FileFacts(size, HexFormat.of().formatHex(sha.digest()), valid, bom,
                        last == '\n' || last == '\r');
            }
            return facts;
        }
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
