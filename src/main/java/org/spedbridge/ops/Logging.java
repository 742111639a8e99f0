package org.spedbridge.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.spedbridge.config.ConfigException;
import org.spedbridge.config.Settings;

/**
 * The log as the settings ask for it (log4j2.xml reads these as {@code spedbridge.log.*} system properties):
 * <ul>
 *   <li>{@code log.format}: {@code pattern} (one readable line per event) or {@code json} (one JSON object per line,
 *       Elastic Common Schema, for log shippers), on the console and in the file;</li>
 *   <li>{@code log.file}, {@code log.file.max-size}, {@code log.file.max-files}: the service ({@code run}, {@code demo})
 *       also writes its log to this file, rolled over at the size into gzipped files of which the given number
 *       are kept. The one-off commands log to the console only: a second process must not roll the service's file.</li>
 * </ul>
 */
public final class Logging {

    private static final String FORMAT = "spedbridge.log.format";
    private static final String FILE = "spedbridge.log.file";
    private static final String FILE_PATTERN = "spedbridge.log.file-pattern";
    private static final String MAX_SIZE = "spedbridge.log.max-size";
    private static final String MAX_FILES = "spedbridge.log.max-files";
    private static final Pattern SIZE = Pattern.compile("\\d+\\s*(KB|MB|GB)", Pattern.CASE_INSENSITIVE);

    private Logging() {
    }

    /** The console's format from the settings (every command). */
    public static void configure(Settings settings) {
        apply(properties(settings, false));
    }

    /** The console's format and the rolling file (the service: {@code run}, {@code demo}). */
    public static void configureService(Settings settings) {
        apply(properties(settings, true));
    }

    /** Back to the defaults (console, pattern): after a command run in-process, e.g. by a test. */
    public static void reset() {
        Map<String, String> none = new LinkedHashMap<>();
        for (String key : new String[] {FORMAT, FILE, FILE_PATTERN, MAX_SIZE, MAX_FILES}) {
            none.put(key, null);
        }
        apply(none);
    }

    static Map<String, String> properties(Settings settings, boolean service) {
        Map<String, String> p = new LinkedHashMap<>();
        String format = settings.get("log.format").toLowerCase(Locale.ROOT);
        if (!format.equals("pattern") && !format.equals("json")) {
            throw new ConfigException("The setting 'log.format' must be 'pattern' or 'json', not '"
                    + settings.get("log.format") + "'.");
        }
        p.put(FORMAT, format.equals("json") ? "json" : null);
        String file = service ? settings.get("log.file") : "";
        if (file.isEmpty()) {
            p.put(FILE, null);
            p.put(FILE_PATTERN, null);
            p.put(MAX_SIZE, null);
            p.put(MAX_FILES, null);
            return p;
        }
        String size = settings.get("log.file.max-size");
        if (!SIZE.matcher(size).matches()) {
            throw new ConfigException("The setting 'log.file.max-size' must be a size such as 500 KB, 20 MB or 1 GB, not '"
                    + size + "'.");
        }
        int count = settings.getInt("log.file.max-files");
        if (count < 1) {
            throw new ConfigException("The setting 'log.file.max-files' must be at least 1, not " + count + ".");
        }
        Path path = Path.of(file).toAbsolutePath().normalize();
        try {
            Files.createDirectories(path.getParent());
        } catch (IOException e) {
            throw new ConfigException("The log folder " + path.getParent() + " (log.file) cannot be created: " + e
                    + ". Fix log.file or the folder's permissions; a blank log.file logs to the console only.", e);
        }
        if (!Files.isWritable(path.getParent()) || (Files.exists(path) && !Files.isWritable(path))) {
            throw new ConfigException("The log file " + path + " (log.file) cannot be written. Fix log.file or the "
                    + "permissions; a blank log.file logs to the console only.");
        }
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : ".log";
        p.put(FILE, path.toString());
        p.put(FILE_PATTERN, path.resolveSibling(base + "-%i" + ext + ".gz").toString());
        p.put(MAX_SIZE, size);
        p.put(MAX_FILES, Integer.toString(count));
        return p;
    }

    /** Sets the system properties and reconfigures log4j, only when something changed. */
    private static synchronized void apply(Map<String, String> wanted) {
        boolean changed = false;
        for (Map.Entry<String, String> e : wanted.entrySet()) {
            if (!Objects.equals(System.getProperty(e.getKey()), e.getValue())) {
                changed = true;
                if (e.getValue() == null) {
                    System.clearProperty(e.getKey());
                } else {
                    System.setProperty(e.getKey(), e.getValue());
                }
            }
        }
        if (changed && LogManager.getContext(false) instanceof LoggerContext context) {
            context.reconfigure();
        }
    }
}
