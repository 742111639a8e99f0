package org.spedbridge.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.spedbridge.api.ApiKeys;
import org.spedbridge.api.Handover;
import org.spedbridge.api.KeyPickupLink;
import org.spedbridge.api.KeyPickups;
import org.spedbridge.config.Settings;

/**
 * How {@code keys create} gives the new key to its user: printed once on the terminal (no option), written
 * to a new file readable by its owner only ({@code --out}), encrypted to an OpenPGP public key
 * ({@code --encrypt-to} with {@code --out}), or as a one-time pickup link on the API server ({@code --pickup}).
 * Everything that can be checked (options, file, public key, the API's transport) is checked before the key
 * is created; the file or the link is made inside the key's transaction, so a failure leaves no key behind.
 */
final class KeyHandover {

    static final int MAX_PICKUP_HOURS = 24 * 30;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Handover how;
    private final Path out;
    private final OpenPgpRecipient recipient;
    private final Duration pickupValidity;
    private final Settings settings;

    private KeyHandover(Handover how, Path out, OpenPgpRecipient recipient, Duration pickupValidity, Settings settings) {
        this.how = how;
        this.out = out;
        this.recipient = recipient;
        this.pickupValidity = pickupValidity;
        this.settings = settings;
    }

    /** The handover the options ask for; a wrong combination or a check that fails is an IllegalArgumentException saying what to do. */
    static KeyHandover choose(boolean pickup, Integer pickupHours, Path out, Path encryptTo, Settings settings) {
        if (pickup && (out != null || encryptTo != null)) {
            throw new IllegalArgumentException("--pickup hands the key over through a link: it takes no --out or --encrypt-to. "
                    + "Choose one way.");
        }
        if (pickupHours != null && !pickup) {
            throw new IllegalArgumentException("--pickup-hours is for --pickup only.");
        }
        if (pickup) {
            int hours = pickupHours == null ? 24 : pickupHours;
            if (hours < 1 || hours > MAX_PICKUP_HOURS) {
                throw new IllegalArgumentException("--pickup-hours must be 1 to " + MAX_PICKUP_HOURS + ", not " + hours + ".");
            }
            KeyPickupLink.refusalToIssue(settings).ifPresent(why -> {
                throw new IllegalArgumentException(why);
            });
            return new KeyHandover(Handover.PICKUP, null, null, Duration.ofHours(hours), settings);
        }
        if (encryptTo != null && out == null) {
            throw new IllegalArgumentException("--encrypt-to writes the encrypted key to a file: name it with --out, "
                    + "e.g. --out siras-api-key.asc.");
        }
        if (out != null) {
            requireNewFile(out);
            if (encryptTo == null && !ownerOnlyPossible(out)) {
                throw new IllegalArgumentException("The file system of " + out + " cannot make a file readable by its "
                        + "owner only. Use --encrypt-to or --pickup, or write to a POSIX file system.");
            }
            return encryptTo == null ? new KeyHandover(Handover.FILE, out, null, null, settings)
                    : new KeyHandover(Handover.ENCRYPTED, out, OpenPgpRecipient.read(encryptTo), null, settings);
        }
        return new KeyHandover(Handover.PRINTED, null, null, null, settings);
    }

    /** Creates the key and hands it over; returns the lines to print (the key itself only when PRINTED). */
    List<String> create(ApiKeys keys, KeyPickups pickups, String name, Set<String> areas, LocalDate expires, int length,
                        String summary) {
        List<String> lines = new ArrayList<>();
        switch (how) {
            case PRINTED -> {
                String key = keys.create(name, areas, expires, length);
                lines.add("Created key " + summary + ".");
                lines.add("Copy it now (e.g. into SIRAS' Aeries setup page); it cannot be shown again:");
                lines.add(key);
            }
            case FILE, ENCRYPTED -> {
                boolean[] created = {false};
                try {
                    long id = keys.create(name, areas, expires, length, how, (c, keyId, key) -> {
                        byte[] content = how == Handover.FILE ? (key + "\n").getBytes(StandardCharsets.US_ASCII)
                                : recipient.encrypt(key + "\n");
                        writeNewFile(out, content, how == Handover.FILE || ownerOnlyPossible(out));
                        created[0] = true;
                    });
                    lines.add("Created key " + summary + " as id " + id + ".");
                } catch (RuntimeException e) {
                    if (created[0]) {
                        deleteQuietly(out);
                    }
                    throw e;
                }
                if (how == Handover.FILE) {
                    lines.add("The key is in " + out + " (readable by you only); nothing secret was printed. Hand the file "
                            + "over in person or through an encrypted channel, never by e-mail, then delete it.");
                } else {
                    lines.add("The key is in " + out + ", encrypted to the OpenPGP key " + recipient.describe() + ".");
                    lines.add("It may travel by any channel, e-mail too: only the holder of that key's private key can read it "
                            + "(gpg --decrypt " + out.getFileName() + "). Check the fingerprint with SIRAS by phone.");
                }
            }
            case PICKUP -> {
                KeyPickups.Issued[] link = new KeyPickups.Issued[1];
                long id = keys.create(name, areas, expires, length, how,
                        (c, keyId, key) -> link[0] = pickups.issue(c, keyId, key, pickupValidity));
                lines.add("Created key " + summary + " as id " + id + "; the key was not printed.");
                lines.add("Send SIRAS this one-time link. It works once, until " + link[0].expiresAt().format(TIME) + " ("
                        + ZoneId.systemDefault().getId() + "); `keys list` shows when and from where it was used:");
                lines.add(KeyPickupLink.url(settings, link[0].token()));
            }
            default -> throw new IllegalStateException("keys create does not hand keys over as " + how.id());
        }
        return lines;
    }

    private static void requireNewFile(Path file) {
        if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw exists(file);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new IllegalArgumentException("The folder of " + file + " does not exist; create it first or name another file.");
        }
    }

    private static boolean ownerOnlyPossible(Path file) {
        return file.toAbsolutePath().getParent().getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Creates the file (it must not exist: no overwrite, no following a link planted there) with permissions
     * rw------- from its first moment when ownerOnly, and writes the content.
     */
    static void writeNewFile(Path file, byte[] content, boolean ownerOnly) {
        FileAttribute<?>[] attributes = ownerOnly
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        try {
            try (SeekableByteChannel channel = Files.newByteChannel(file,
                    EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            } catch (IOException | RuntimeException e) {
                if (!(e instanceof FileAlreadyExistsException)) {
                    deleteQuietly(file);
                }
                throw e;
            }
        } catch (FileAlreadyExistsException e) {
            throw exists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static IllegalArgumentException exists(Path file) {
        return new IllegalArgumentException(file + " exists already; keys create never overwrites a file. "
                + "Name a new file, or move that one away.");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the key was not stored: the operator sees the error; a leftover file holds a key that does not work
        }
    }
}
