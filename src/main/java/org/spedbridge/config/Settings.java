package org.spedbridge.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Every setting of sped-bridge, resolved once from its layers, highest first:
 * environment variable (key upper-cased, '.' and '-' to '_'), the {@code --config} file,
 * {@code ./application.properties}, the copy of application.properties built into the jar.
 * Camel gets the resolved values as override properties, so routes and beans see the same facts.
 * Every default is in application.properties, and only there: the getters here have no fallback values.
 */
public final class Settings {

    public static final String DEFAULT_FILE = "application.properties";

    private final Properties values;
    private final Map<String, String> env;

    private Settings(Properties values, Map<String, String> env) {
        this.values = values;
        this.env = env;
    }

    /** Loads the layers; {@code configFile} may be null. */
    public static Settings load(Path configFile) {
        return load(configFile, System.getenv(), new Properties());
    }

    /** Loads the layers with explicit overrides on top (tests and the demo use these). */
    public static Settings load(Path configFile, Map<String, String> env, Properties overrides) {
        Properties p = new Properties();
        try (InputStream in = Settings.class.getClassLoader().getResourceAsStream(DEFAULT_FILE)) {
            if (in != null) {
                try (Reader r = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
                    p.load(r);
                }
            }
            Path local = Path.of(DEFAULT_FILE);
            if (Files.isRegularFile(local)) {
                readInto(p, local);
            }
            if (configFile != null) {
                if (!Files.isRegularFile(configFile)) {
                    throw new ConfigException("The configuration file " + configFile.toAbsolutePath()
                            + " does not exist. Check the path given with --config.");
                }
                readInto(p, configFile);
            }
        } catch (IOException e) {
            throw new ConfigException("Cannot read the configuration: " + e.getMessage(), e);
        }
        p.putAll(overrides);
        return new Settings(p, env);
    }

    /** Settings over properties another runtime already resolved (Camel JBang), with the environment on top. */
    public static Settings of(Properties values, Map<String, String> env) {
        Properties p = new Properties();
        p.putAll(values);
        return new Settings(p, env);
    }

    private static void readInto(Properties p, Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
    }

    /** The environment variable that overrides a key: siras.sftp.password -> SIRAS_SFTP_PASSWORD. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The value of a key, trimmed; empty string when unset. */
    public String get(String key) {
        String fromEnv = env.get(envName(key));
        String v = fromEnv != null ? fromEnv : values.getProperty(key, "");
        return v.trim();
    }

    /** A setting that must be present, or a message naming it and how to set it. */
    public String require(String key) {
        String v = get(key);
        if (v.isEmpty()) {
            throw new ConfigException("The setting '" + key + "' is required but empty. Set it in "
                    + "application.properties, in the file given with --config, or in the environment variable "
                    + envName(key) + ".");
        }
        return v;
    }

    /** A whole number; its default is in application.properties, the one place for defaults. */
    public int getInt(String key) {
        String v = require(key);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ConfigException("The setting '" + key + "' must be a whole number, not '" + v + "'.");
        }
    }

    /** true or false; its default is in application.properties, the one place for defaults. */
    public boolean getBoolean(String key) {
        String v = require(key);
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new ConfigException("The setting '" + key + "' must be true or false, not '" + v + "'.");
        }
        return Boolean.parseBoolean(v);
    }

    /**
     * All settings with environment overrides applied, for Camel's property placeholders.
     * Keys that only exist as environment variables are not included (Camel resolves those itself).
     */
    public Properties resolved() {
        Properties out = new Properties();
        for (String key : new TreeSet<>(values.stringPropertyNames())) {
            out.setProperty(key, get(key));
        }
        return out;
    }

    /** A copy with some values replaced (tests, demo). */
    public Settings with(Properties overrides) {
        Properties p = new Properties();
        p.putAll(values);
        p.putAll(overrides);
        return new Settings(p, env);
    }

    public Settings with(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return with(p);
    }
}
