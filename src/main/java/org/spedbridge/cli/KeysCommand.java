package org.spedbridge.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.spedbridge.api.ApiKeys;
import org.spedbridge.api.Area;
import org.spedbridge.api.KeyPickups;
import org.spedbridge.config.Settings;
import org.spedbridge.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code keys create|import|list|revoke|grant|deny}: the AERIES-CERT keys SIRAS (or another client)
 * uses. Works on the database directly; a running server sees the change on its next request.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Manage API keys (AERIES-CERT) and their areas: the Aeries areas student-data, special-programs, "
                + "special-education, contacts, enrollment-history (what SIRAS needs), and import-admin "
                + "(POST /admin/import-now runs the SIRAS import; for operators, never for SIRAS).",
        subcommands = {KeysCommand.Create.class, KeysCommand.Import.class, KeysCommand.ListKeys.class,
            KeysCommand.Revoke.class, KeysCommand.Grant.class, KeysCommand.Deny.class})
public final class KeysCommand implements Callable<Integer> {

    @ParentCommand
    SpedBridge parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return SpedBridge.USAGE;
    }

    /** Runs an action on the key store; a wrong argument is a clear message and exit code 2. */
    int withKeys(CommandSpec sub, KeyAction action) throws Exception {
        return withDatabase(sub, (db, out, err) -> action.run(new ApiKeys(db), out, err));
    }

    /**
     * Runs an action on the database; a wrong argument is a clear message and exit code 2. Afterwards the
     * waiting keys of pickup links that expired or whose key was revoked are wiped (as the server does).
     */
    int withDatabase(CommandSpec sub, DatabaseAction action) throws Exception {
        PrintWriter out = sub.commandLine().getOut();
        PrintWriter err = sub.commandLine().getErr();
        try (Database db = Database.open(settings())) {
            int code = action.run(db, out, err);
            new KeyPickups(db, Clock.systemDefaultZone()).wipeExpired();
            out.flush();
            return code;
        } catch (IllegalArgumentException e) {
            err.println("sped-bridge keys: " + e.getMessage());
            err.flush();
            return SpedBridge.USAGE;
        }
    }

    Settings settings() {
        return parent == null ? Settings.load(null) : parent.settings();
    }

    @FunctionalInterface
    interface KeyAction {
        int run(ApiKeys keys, PrintWriter out, PrintWriter err) throws Exception;
    }

    @FunctionalInterface
    interface DatabaseAction {
        int run(Database db, PrintWriter out, PrintWriter err) throws Exception;
    }

    static Set<String> split(String csv) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        Area.parse(out); // fails early with the list of valid areas
        return out;
    }

    static LocalDate date(String s) {
        if (s == null) {
            return null;
        }
        try {
            return LocalDate.parse(s);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("--expires must be a date yyyy-MM-dd, not '" + s + "'.");
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a key; only its hash is stored. Without a handover option it is printed ONCE, "
                    + "alone on the last line. Never e-mail a key: give it to SIRAS with --pickup, --out or --encrypt-to."})
    static final class Create implements Callable<Integer> {
        @ParentCommand KeysCommand keys;
        @Spec CommandSpec spec;
        @Option(names = "--name", required = true, description = "Who uses the key, e.g. siras.") String name;
        @Option(names = "--areas", required = true, description = "Comma-separated areas.") String areas;
        @Option(names = "--expires", paramLabel = "yyyy-MM-dd", description = "Last day the key is valid.") String expires;
        @Option(names = "--length", defaultValue = "20", description = "Characters, 20-64 (default ${DEFAULT-VALUE}).") int length;
        @Option(names = "--pickup", description = "Print a one-time HTTPS link on the API server instead of the key: "
                + "the first GET of it returns the key, then it is used up (safe to e-mail).") boolean pickup;
        @Option(names = "--pickup-hours", paramLabel = "HOURS", description = "How long the link works "
                + "(1-" + KeyHandover.MAX_PICKUP_HOURS + ", default 24).") Integer pickupHours;
        @Option(names = "--out", paramLabel = "FILE", description = "Write the key to this new file, readable by its "
                + "owner only (never overwrites); nothing secret is printed.") Path out;
        @Option(names = "--encrypt-to", paramLabel = "PUBLIC_KEY_FILE", description = "Encrypt the key to this OpenPGP "
                + "public key (SIRAS'); the armoured message goes to --out FILE and may travel by any channel.") Path encryptTo;

        @Override
        public Integer call() throws Exception {
            return keys.withDatabase(spec, (db, out, err) -> {
                Set<String> wanted = split(areas);
                KeyHandover handover = KeyHandover.choose(pickup, pickupHours, this.out, encryptTo, keys.settings());
                String summary = "'" + name.strip() + "' with areas " + Area.format(Area.parse(wanted))
                        + (expires == null ? "" : ", valid through " + expires);
                handover.create(new ApiKeys(db), new KeyPickups(db, Clock.systemDefaultZone()), name, wanted,
                        date(expires), length, summary).forEach(out::println);
                return SpedBridge.OK;
            });
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Register an existing key read from standard input (never from the command line).")
    static final class Import implements Callable<Integer> {
        @ParentCommand KeysCommand keys;
        @Spec CommandSpec spec;
        @Option(names = "--name", required = true) String name;
        @Option(names = "--areas", required = true) String areas;
        @Option(names = "--expires", paramLabel = "yyyy-MM-dd") String expires;

        @Override
        public Integer call() throws Exception {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isBlank()) {
                spec.commandLine().getErr().println("sped-bridge keys import: no key on standard input. "
                        + "Pipe it in, e.g.: sped-bridge keys import --name siras --areas ... < keyfile");
                return SpedBridge.USAGE;
            }
            return keys.withKeys(spec, (k, out, err) -> {
                long id = k.importKey(name, split(areas), date(expires), line);
                out.println("Imported key '" + name.strip() + "' as id " + id + ".");
                return SpedBridge.OK;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (never the keys themselves).")
    static final class ListKeys implements Callable<Integer> {
        @ParentCommand KeysCommand keys;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return keys.withDatabase(spec, (db, out, err) -> {
                ApiKeys k = new ApiKeys(db);
                KeyPickups pickups = new KeyPickups(db, Clock.systemDefaultZone());
                Map<Long, KeyPickups.State> handovers = pickups.states();
                String fmt = "%-5s %-20s %-12s %-16s %-10s %-16s %-50s %s%n";
                out.printf(fmt, "ID", "NAME", "STATUS", "CREATED", "EXPIRES", "LAST USED", "AREAS", "HANDED OVER");
                LocalDate today = k.today();
                for (ApiKeys.KeyInfo i : k.list()) {
                    String status = i.revoked() ? "revoked" : i.expiredOn(today) ? "expired" : "active";
                    KeyPickups.State how = handovers.get(i.id());
                    out.printf(fmt, i.id(), i.name(), status, time(i.createdAt()),
                            i.expiresAt() == null ? "-" : i.expiresAt().toString(), time(i.lastUsedAt()),
                            Area.format(i.areas()), how == null ? "-" : how.describe(pickups.now(), i.revoked()));
                }
                return SpedBridge.OK;
            });
        }

        private static String time(LocalDateTime t) {
            return t == null ? "-" : t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key (takes effect at once).")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand KeysCommand keys;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "ID") long id;

        @Override
        public Integer call() throws Exception {
            return keys.withKeys(spec, (k, out, err) -> {
                if (!k.revoke(id)) {
                    throw new IllegalArgumentException("There is no key with id " + id + ". `keys list` shows the ids.");
                }
                out.println("Key " + id + " is revoked (a pickup link of it no longer works).");
                return SpedBridge.OK;
            });
        }
    }

    @Command(name = "grant", mixinStandardHelpOptions = true, description = "Add areas to a key.")
    static final class Grant implements Callable<Integer> {
        @ParentCommand KeysCommand keys;
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "ID") long id;
        @Parameters(index = "1", paramLabel = "AREA,...") String areas;

        @Override
        public Integer call() throws Exception {
            return keys.withKeys(spec, (k, out, err) -> {
                out.println("Key " + id + " now has: " + Area.format(k.grant(id, split(areas))));
                return SpedBridge.OK;
            });
        }
    }

    @Command(name = "deny", mixinStandardHelpOptions = true, description = "Remove areas from a key.")
    static final class Deny implements Callable<Integer> {
        @ParentCommand KeysCommand keys;
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "ID") long id;
        @Parameters(index = "1", paramLabel = "AREA,...") String areas;

        @Override
        public Integer call() throws Exception {
            return keys.withKeys(spec, (k, out, err) -> {
                out.println("Key " + id + " now has: " + Area.format(k.deny(id, split(areas))));
                return SpedBridge.OK;
            });
        }
    }
}
