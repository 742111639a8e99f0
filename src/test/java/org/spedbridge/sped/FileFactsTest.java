package org.spedbridge.sped;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FileFacts.Accumulator} fed a file's bytes in pieces of any size gives what {@link FileFacts#scan} gives for
 * the file: a BOM or a multi-byte character split between two pieces, invalid UTF-8, no final line end.
 */
public class FileFactsTest {

    @TempDir
    Path tmp;

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    public static Map<String, byte[]> samples() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        s.put("empty", new byte[0]);
        s.put("bom only", BOM);
        s.put("two bytes of a bom", new byte[] {(byte) 0xEF, (byte) 0xBB});
        s.put("bom and rows", concat(BOM, "a,b\nc,d\n".getBytes(StandardCharsets.UTF_8)));
        s.put("no final line end", "a,b\nc,d".getBytes(StandardCharsets.UTF_8));
        s.put("carriage return at the end", "a,b\r".getBytes(StandardCharsets.UTF_8));
        s.put("windows-1252", "Jos\u00e9,Pe\u00f1a\n".getBytes(java.nio.charset.Charset.forName("windows-1252")));
        s.put("cut in the last character", concat("ab\u20ac".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xE2}));
        s.put("multi-byte across buffers", multiByte(300_000));
        s.put("invalid far in", concat(multiByte(200_003), new byte[] {(byte) 0xC3, 'x', '\n'}));
        return s;
    }

    /** Characters of 1, 2, 3 and 4 bytes (10 bytes a round): 64 KB buffers end inside a character. */
    static byte[] multiByte(int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] round = "x\u00e9\u20ac\uD83D\uDE00".getBytes(StandardCharsets.UTF_8);
        while (out.size() < size) {
            out.writeBytes(round);
            if (out.size() % 1000 < 10) {
                out.write('\n');
            }
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    static FileFacts fedInPiecesOf(byte[] bytes, int piece) {
        FileFacts.Accumulator acc = new FileFacts.Accumulator();
        for (int at = 0; at < bytes.length; at += piece) {
            acc.update(bytes, at, Math.min(piece, bytes.length - at));
        }
        return acc.finish();
    }

    @Test
    void piecesOfAnySizeGiveWhatTheScanOfTheFileGives() throws Exception {
        for (Map.Entry<String, byte[]> sample : samples().entrySet()) {
            Path file = tmp.resolve(sample.getKey().replace(' ', '-'));
            Files.write(file, sample.getValue());
            FileFacts scanned = FileFacts.scan(file);
            for (int piece : new int[] {1, 2, 3, 5, 4096, 32_768, 65_535, 65_536, 65_537, 200_000, 1 << 20}) {
                assertThat(fedInPiecesOf(sample.getValue(), piece)).as(sample.getKey() + ", pieces of " + piece)
                        .isEqualTo(scanned);
            }
        }
    }

    @Test
    void theRulesAreTheOnesTheImportReadsBy() throws Exception {
        Map<String, byte[]> s = samples();
        FileFacts bom = fedInPiecesOf(s.get("bom and rows"), 1);
        assertThat(bom.bom()).isTrue();
        assertThat(bom.validUtf8()).isTrue();
        assertThat(bom.endsWithLineEnd()).isTrue();
        assertThat(fedInPiecesOf(s.get("two bytes of a bom"), 1).bom()).isFalse();
        assertThat(fedInPiecesOf(s.get("no final line end"), 3).endsWithLineEnd()).isFalse();
        assertThat(fedInPiecesOf(s.get("carriage return at the end"), 3).endsWithLineEnd()).isTrue();
        assertThat(fedInPiecesOf(s.get("windows-1252"), 2).validUtf8()).isFalse();
        assertThat(fedInPiecesOf(s.get("cut in the last character"), 2).validUtf8()).isFalse();
        assertThat(fedInPiecesOf(s.get("multi-byte across buffers"), 65_536).validUtf8()).isTrue();
        assertThat(fedInPiecesOf(s.get("invalid far in"), 65_536).validUtf8()).isFalse();
        FileFacts empty = fedInPiecesOf(s.get("empty"), 1);
        assertThat(empty.size()).isZero();
        assertThat(empty.sha256()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
