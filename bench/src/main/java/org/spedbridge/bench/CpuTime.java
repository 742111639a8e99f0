package org.spedbridge.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time used so far (user + system), for "where the CPU goes" per request when the cores are the bound: this
 * JVM's (server and load client together) and every PostgreSQL process's on this machine (Linux' /proc; 0
 * elsewhere and when no PostgreSQL runs). Differences over a cell, divided by its requests, are CPU per request.
 */
final class CpuTime {

    /** Linux' clock ticks per second (USER_HZ), what /proc/PID/stat counts in. */
    private static final long TICK_NANOS = 10_000_000L;

    private CpuTime() {
    }

    static long thisJvmNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Fields 14 and 15 (utime, stime) of /proc/PID/stat of every process named postgres, in ns. */
    static long postgresNanos() {
        long ticks = 0;
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : procs) {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    if (open < 0 || close < 0 || !stat.substring(open + 1, close).equals("postgres")) {
                        continue;
                    }
                    String[] f = stat.substring(close + 2).split(" ");
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14, 15 (state is field 3)
                } catch (IOException | RuntimeException gone) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks * TICK_NANOS;
    }
}
