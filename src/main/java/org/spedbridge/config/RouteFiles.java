package org.spedbridge.config;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.util.AntPathMatcher;

/**
 * The route files {@code camel.main.routes-include-pattern} points at, found by sped-bridge itself and handed
 * to Camel as explicit {@code file:} locations.
 * <p>
 * Camel's own scan of a {@code file:} pattern ({@code ResourceHelper.findInFileSystem}, a {@code Files.walk}
 * without {@code FOLLOW_LINKS}) does not enter a routes folder that is a symbolic link: with {@code routes/}
 * a link (a release folder, config management) it loads zero routes, silently. Here the walk follows links,
 * so each deployment layout loads the same routes: a plain folder, a folder that is a link, a folder of links
 * (a Kubernetes ConfigMap volume: each file a link into {@code ..data/}, itself a link to a timestamped folder).
 * Names starting with {@code ..} are skipped (the ConfigMap's internals), so a {@code **} pattern does not
 * load its files twice. Entries that are not {@code file:} (e.g. {@code classpath:}) are passed on unchanged.
 */
public final class RouteFiles {

    private static final String KEY = "camel.main.routes-include-pattern";
    private static final String OPTIONAL = "?optional=true";

    private final String pattern;
    private final List<String> locations;
    private final List<Path> folders;
    private final boolean onlyFiles;

    private RouteFiles(String pattern, List<String> locations, List<Path> folders, boolean onlyFiles) {
        this.pattern = pattern;
        this.locations = locations;
        this.folders = folders;
        this.onlyFiles = onlyFiles;
    }

    /** Finds the files of every {@code file:} entry of the pattern; a folder that is not there is refused. */
    public static RouteFiles find(String pattern) {
        List<String> locations = new ArrayList<>();
        List<Path> folders = new ArrayList<>();
        boolean onlyFiles = true;
        for (String raw : pattern.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            if (!entry.startsWith("file:")) {
                locations.add(entry);
                onlyFiles = false;
                continue;
            }
            boolean optional = entry.endsWith(OPTIONAL);
            String path = entry.substring("file:".length(), entry.length() - (optional ? OPTIONAL.length() : 0));
            if (!AntPathMatcher.INSTANCE.isPattern(path)) {
                Path file = Path.of(path).toAbsolutePath();
                folders.add(file.getParent());
                if (Files.isRegularFile(file)) {
                    locations.add("file:" + file);
                } else if (!optional) {
                    throw new ConfigException("The route file " + file + " (" + KEY + ") does not exist. "
                            + "Start sped-bridge from the folder that holds routes/ and application.properties, or fix "
                            + KEY + ". Nothing was started.");
                }
                continue;
            }
            String root = AntPathMatcher.INSTANCE.determineRootDir(path);
            Path folder = Path.of(root.isEmpty() ? "." : root).toAbsolutePath().normalize();
            folders.add(folder);
            if (!Files.isDirectory(folder)) {
                if (optional) {
                    continue;
                }
                throw new ConfigException("The routes folder " + folder + " does not exist. Start sped-bridge from "
                        + "the folder that holds routes/ and application.properties, or set " + KEY + ". Nothing was started.");
            }
            for (Path file : walk(folder, path.substring(root.length()))) {
                locations.add("file:" + file);
            }
        }
        for (String location : locations) {
            if (location.contains(",")) {
                throw new ConfigException("The route file " + location + " has a comma in its path, which "
                        + KEY + " cannot name. Rename it or its folder.");
            }
        }
        return new RouteFiles(pattern, List.copyOf(locations), List.copyOf(folders), onlyFiles);
    }

    /** The files under {@code folder} (links followed) whose path relative to it matches {@code subPattern}, sorted. */
    private static Set<Path> walk(Path folder, String subPattern) {
        Set<Path> found = new TreeSet<>();
        try {
            Files.walkFileTree(folder, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            return !dir.equals(folder) && internal(dir) ? FileVisitResult.SKIP_SUBTREE
                                    : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            String relative = folder.relativize(file).toString().replace('\\', '/');
                            if (attrs.isRegularFile() && !internal(file)
                                    && AntPathMatcher.INSTANCE.match(subPattern, relative)) {
                                found.add(file);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            // a dangling link or a link loop is no route file
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            throw new ConfigException("The routes folder " + folder + " cannot be read: " + e.getMessage()
                    + ". Check its permissions. Nothing was started.", e);
        }
        return found;
    }

    /** Kubernetes' ConfigMap internals ({@code ..data}, {@code ..2025_10_01_04_00_00.123}). */
    private static boolean internal(Path p) {
        return p.getFileName() != null && p.getFileName().toString().startsWith("..");
    }

    /** What Camel gets as {@code camel.main.routes-include-pattern}: each file by its path (through the links). */
    public String camelPattern() {
        return String.join(",", locations);
    }

    /** Refuses the start when the pattern names only files and none is there. */
    public RouteFiles requireAny() {
        if (onlyFiles && locations.isEmpty()) {
            throw new ConfigException(nothingThere("No route file"));
        }
        return this;
    }

    /** The message for a start that finds no route where the pattern points (no file, or files without a route). */
    public String nothingThere(String what) {
        StringBuilder where = new StringBuilder();
        for (Path folder : new TreeSet<>(folders)) {
            where.append(where.length() == 0 ? "" : ", ").append(folder);
            try {
                if (Files.isSymbolicLink(folder)) {
                    where.append(" (a link to ").append(folder.toRealPath()).append(')');
                }
            } catch (IOException e) {
                where.append(" (a link that cannot be followed: ").append(e.getMessage()).append(')');
            }
        }
        return what + " was found in " + where + " matching " + KEY + "=" + pattern + ". Put the integration's route"
                + " files (*.yaml) there, or point " + KEY + " at them. Nothing was started.";
    }

    public List<String> locations() {
        return locations;
    }
}
