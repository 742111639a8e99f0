package org.spedbridge.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.spedbridge.ops.ApiCheck;
import org.spedbridge.ops.MailCheck;
import org.spedbridge.ops.SftpCheck;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code check sftp|mail|api}: a new district's first-hour setup checks. Secrets are never printed. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check the setup against SIRAS' SFTP server, the SMTP server and an Aeries-compatible API.",
        subcommands = {CheckCommand.Sftp.class, CheckCommand.Mail.class, CheckCommand.Api.class})
public final class CheckCommand implements Callable<Integer> {

    @ParentCommand
    SpedBridge parent;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return SpedBridge.USAGE;
    }

    @Command(name = "sftp", mixinStandardHelpOptions = true,
            description = {"Connect to SIRAS' SFTP server with the configured settings, verify its host key, "
                    + "list the two files with size and age.",
                    "Exit codes: 0 ok, 1 warnings (stale files), 4 failed (login, missing file), "
                    + "6 host key not in the known-hosts file (prints the line to add), 7 host key changed."})
    static final class Sftp implements Callable<Integer> {
        @ParentCommand
        CheckCommand check;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            int code = new SftpCheck(check.parent.settings(), Instant.now()).run(out).exitCode;
            out.flush();
            return code;
        }
    }

    @Command(name = "mail", mixinStandardHelpOptions = true,
            description = {"Send a test message to report.mail.to through the configured SMTP server.",
                    "Exit codes: 0 sent, 4 the server did not take it, 5 settings missing."})
    static final class Mail implements Callable<Integer> {
        @ParentCommand
        CheckCommand check;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            int code = new MailCheck(check.parent.settings()).run(out);
            out.flush();
            return code;
        }
    }

    @Command(name = "api", mixinStandardHelpOptions = true,
            description = {"Call an Aeries-compatible API (sped-bridge itself or a real Aeries server) with the key in "
                    + "the environment variable CHECK_API_KEY and report, for each of the five SIRAS areas, whether the "
                    + "key is granted (200), denied (401/403) or the endpoint is broken; also the database year.",
                    "Exit codes: 0 all five granted, 1 some denied, 3 the key was refused (401), 4 broken or unreachable, "
                    + "5 no key (set CHECK_API_KEY)."})
    static final class Api implements Callable<Integer> {
        @ParentCommand
        CheckCommand check;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--url", required = true, paramLabel = "URL",
                description = "Base URL of the API, e.g. https://sis.district.example or http://localhost:8080")
        String url;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            String key = check.parent.settings().require("check.api.key");
            int code = new ApiCheck(url, key).run(out).exitCode;
            out.flush();
            return code;
        }
    }
}
