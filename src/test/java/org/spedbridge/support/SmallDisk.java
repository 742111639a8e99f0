package org.spedbridge.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real, small file system mounted on a folder for the length of a test: a tmpfs of a few megabytes, which
 * fills up like a full disk (ENOSPC, "No space left on device"), or a read-only one (EROFS). Mounting needs
 * root (the tests run as root in CI and on the build machine); elsewhere the test is skipped, saying why.
 */
public final class SmallDisk implements AutoCloseable {

    private final Path dir;

    private SmallDisk(Path dir) {
        this.dir = dir;
    }

    /** A tmpfs of {@code megabytes} MB on {@code dir} (created when missing). */
    public static SmallDisk mount(Path dir, int megabytes) throws IOException, InterruptedException {
        return mount(dir, "size=" + megabytes + "m");
    }

    /** A read-only tmpfs on {@code dir}: nothing can be written under it, whoever the user is. */
    public static SmallDisk readOnly(Path dir) throws IOException, InterruptedException {
        return mount(dir, "ro,size=1m");
    }

    private static SmallDisk mount(Path dir, String options) throws IOException, InterruptedException {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "mounting a small tmpfs (a real full or read-only disk) needs root");
        Files.createDirectories(dir);
        run("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString());
        return new SmallDisk(dir);
    }

    /** Fills the file system to the last byte (one file, {@code filler}). */
    public void fill() throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(dir.resolve("filler"))) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left on device")) {
                throw full;
            }
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + new String(p.getInputStream().readAllBytes()));
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("umount", "-l", dir.toString());
    }
}
