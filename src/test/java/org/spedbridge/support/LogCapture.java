package org.spedbridge.support;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Every log event of the whole application while open (root logger), to check what was (not) logged;
 * {@link #atLevel} also lowers every logger to a level (e.g. DEBUG) until closed, to check what a
 * verbose log would show.
 */
public final class LogCapture extends AbstractAppender implements AutoCloseable {

    private final List<LogEvent> events = new CopyOnWriteArrayList<>();
    private final Map<LoggerConfig, Level> levelsBefore = new HashMap<>();

    public LogCapture() {
        super("capture", null, null, true, Property.EMPTY_ARRAY);
        start();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().getRootLogger().addAppender(this, Level.ALL, null);
        ctx.getConfiguration().getLoggers().values().forEach(l -> l.addAppender(this, Level.ALL, null));
        ctx.updateLoggers();
    }

    /** Captures at this level: every configured logger (root included) logs at least that much until closed. */
    public static LogCapture atLevel(Level level) {
        LogCapture capture = new LogCapture();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        java.util.Set<LoggerConfig> all = new java.util.HashSet<>(ctx.getConfiguration().getLoggers().values());
        all.add(ctx.getConfiguration().getRootLogger());
        for (LoggerConfig l : all) {
            if (l.getLevel() == null || l.getLevel().isLessSpecificThan(level)) {
                continue;
            }
            capture.levelsBefore.put(l, l.getLevel());
            l.setLevel(level);
        }
        ctx.updateLoggers();
        return capture;
    }

    @Override
    public void append(LogEvent event) {
        events.add(event.toImmutable());
    }

    /** Each event as "LEVEL message" plus its exception messages. */
    public List<String> lines() {
        return events.stream().map(e -> {
            StringBuilder b = new StringBuilder(e.getLevel() + " " + e.getMessage().getFormattedMessage());
            for (Throwable t = e.getThrown(); t != null; t = t.getCause()) {
                b.append(" | ").append(t);
            }
            return b.toString();
        }).toList();
    }

    /** Each event as the application's log would write it: formatted by the layout of each appender of the root logger. */
    public List<String> written() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        List<org.apache.logging.log4j.core.Layout<?>> layouts = ctx.getConfiguration().getRootLogger().getAppenders()
                .values().stream().filter(a -> a != this).<org.apache.logging.log4j.core.Layout<?>>map(a -> a.getLayout())
                .filter(java.util.Objects::nonNull).toList();
        if (layouts.isEmpty()) {
            throw new IllegalStateException("The root logger has no appender with a layout: nothing to format with.");
        }
        return events.stream().flatMap(e -> layouts.stream().map(l -> String.valueOf(l.toSerializable(e)))).toList();
    }

    public List<String> warnings() {
        return lines().stream().filter(l -> l.startsWith("WARN ")).toList();
    }

    @Override
    public void close() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().getRootLogger().removeAppender(getName());
        ctx.getConfiguration().getLoggers().values().forEach(l -> l.removeAppender(getName()));
        levelsBefore.forEach(LoggerConfig::setLevel);
        ctx.updateLoggers();
        stop();
    }
}
