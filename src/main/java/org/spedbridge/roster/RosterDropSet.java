package org.spedbridge.roster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * After a drop-folder load: moves the set (the roster CSVs of the folder) to {@code done/<timestamp>/}
 * or, when the load was refused, to {@code failed/<timestamp>/} together with a {@code problems.txt}
 * that says what to fix. The {@code ready} marker itself is removed by the route's file consumer.
 */
public final class RosterDropSet {

    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Clock clock;

    public RosterDropSet() {
        this(Clock.systemUTC());
    }

    RosterDropSet(Clock clock) {
        this.clock = clock;
    }

    /** {@link #archive(Path, RosterLoadResult)} for routes, which hold the folder as text. */
    public String archiveFolder(String dropDir, RosterLoadResult result) throws IOException {
        return archive(Path.of(dropDir), result).toString();
    }

    /** Archives the set of {@code dropDir} according to {@code result}; returns the folder it went to. */
    public Path archive(Path dropDir, RosterLoadResult result) throws IOException {
        Path target = freeFolder(dropDir.resolve(result.loaded() ? "done" : "failed"), STAMP.format(clock.instant()));
        Files.createDirectories(target);
        for (RosterFile f : RosterFile.values()) {
            Path file = dropDir.resolve(f.fileName());
            if (Files.isRegularFile(file)) {
                Files.move(file, target.resolve(f.fileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (!result.loaded() || !result.warnings().isEmpty()) {
            Files.write(target.resolve("problems.txt"), problems(result), StandardCharsets.UTF_8);
        }
        return target;
    }

    static List<String> problems(RosterLoadResult result) {
        List<String> lines = new ArrayList<>();
        lines.add(result.loaded()
                ? "The roster set was loaded, with warnings."
                : "The roster set was REFUSED: nothing was written to the database.");
        for (RosterLoadResult.Problem p : result.errors()) {
            lines.add("error: " + p);
        }
        if (result.errorCount() > result.errors().size()) {
            lines.add("... and " + (result.errorCount() - result.errors().size()) + " more error(s).");
        }
        for (RosterLoadResult.Problem p : result.warnings()) {
            lines.add("warning: " + p);
        }
        if (!result.loaded()) {
            lines.add("");
            lines.add("What to do: fix the rows listed above (file, line, reason), copy the whole set into the drop "
                    + "folder again and create the empty file 'ready' last.");
        }
        return lines;
    }

    private static Path freeFolder(Path parent, String stamp) {
        Path p = parent.resolve(stamp);
        for (int i = 2; Files.exists(p); i++) {
            p = parent.resolve(stamp + "-" + i);
        }
        return p;
    }
}
