package org.spedbridge.sped.fetch;

import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchHostKeyException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.spedbridge.sped.run.FailureCause;
import org.spedbridge.sped.run.RunEnd;

/**
 * Turns an SFTP failure (the exception camel-ftp/JSch raised) into a sentence a person can act on:
 * the local disk full or unwritable during a download ({@link FailureCause}: this server's problem, not SIRAS'),
 * wrong password, host key changed or unknown, server unreachable, the connection lost during a download, or
 * anything else.
 * The sentence names the server and the setting to check, never the password.
 */
public final class SftpProblem {

    /** What kind of trouble it was (the tests and the log use it). */
    public enum Kind { LOCAL_DISK, AUTHENTICATION, HOST_KEY_CHANGED, HOST_KEY_UNKNOWN, UNREACHABLE, CONNECTION_LOST, OTHER }

    private SftpProblem() {
    }

    public static Kind kind(Throwable error) {
        if (FailureCause.of(error).filter(c -> c != FailureCause.DATABASE).isPresent()) {
            return Kind.LOCAL_DISK;
        }
        if (lostDuringDownload(error)) {
            return Kind.CONNECTION_LOST;
        }
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JSchChangedHostKeyException) {
                return Kind.HOST_KEY_CHANGED;
            }
            if (t instanceof JSchUnknownHostKeyException) {
                return Kind.HOST_KEY_UNKNOWN;
            }
            if (t instanceof JSchHostKeyException) {
                return Kind.HOST_KEY_CHANGED;
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException || t instanceof SocketTimeoutException) {
                return Kind.UNREACHABLE;
            }
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("auth fail") || m.contains("auth cancel") || m.contains("too many authentication")) {
                return Kind.AUTHENTICATION;
            }
            if (m.contains("hostkey has been changed") || m.contains("reject hostkey")) {
                return Kind.HOST_KEY_CHANGED;
            }
            if (m.contains("unknownhostkey")) {
                return Kind.HOST_KEY_UNKNOWN;
            }
            if (m.contains("timeout: socket is not established") || m.contains("connection refused")
                    || m.contains("connection timed out")) {
                return Kind.UNREACHABLE;
            }
        }
        return Kind.OTHER;
    }

    /**
     * A download that broke off: camel-ftp could not retrieve the file because the connection under it ended
     * (closed, reset, or dropped by JSch after unanswered keep-alives).
     */
    private static boolean lostDuringDownload(Throwable error) {
        boolean retrieving = false;
        boolean lost = false;
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (t instanceof GenericFileOperationFailedException && m.startsWith("cannot retrieve file")) {
                retrieving = true;
            }
            if (t instanceof EOFException || t instanceof SocketException || m.contains("inputstream is closed")
                    || m.contains("pipe closed") || m.contains("session is down") || m.contains("connection reset")
                    || m.contains("broken pipe") || m.contains("end of io stream")) {
                lost = true;
            }
        }
        return retrieving && lost;
    }

    /** The sentence for the report and the log. */
    public static String describe(Throwable error, String server, String user, String knownHostsFile, Path workDir) {
        return switch (kind(error)) {
            case LOCAL_DISK -> FailureCause.of(error).orElseThrow().describe(error, workDir);
            case AUTHENTICATION -> "SIRAS' SFTP server " + server + " refused the login of user '" + user
                    + "' (wrong user name or password). Check siras.sftp.username and the SIRAS_SFTP_PASSWORD "
                    + "environment variable with SIRAS; nothing was imported.";
            case HOST_KEY_CHANGED -> "The host key of SIRAS' SFTP server " + server + " does not match the one in "
                    + knownHostsFile + ". This can mean the server was replaced, or that someone is intercepting the "
                    + "connection. Confirm the new key's fingerprint with SIRAS before replacing the line in "
                    + knownHostsFile + "; nothing was imported.";
            case HOST_KEY_UNKNOWN -> "The host key of SIRAS' SFTP server " + server + " is not in " + knownHostsFile
                    + " (host key verification is mandatory). Add the server's line to that file (`check sftp` prints it) "
                    + "after confirming its fingerprint with SIRAS; nothing was imported.";
            case UNREACHABLE -> "SIRAS' SFTP server " + server + " could not be reached (" + RunEnd.rootMessage(error)
                    + "). Check siras.sftp.host/siras.sftp.port, the network and the firewall (outbound port); "
                    + "the next run tries again. Nothing was imported.";
            case CONNECTION_LOST -> "The connection to SIRAS' SFTP server " + server + " was lost during the download ("
                    + RunEnd.rootMessage(error) + "): the server went down or stopped answering, or the network between "
                    + "failed. Nothing was imported; the next run tries again. If it happens again, check the network "
                    + "to " + server + " and ask SIRAS whether their server was restarted.";
            case OTHER -> "Fetching the files from SIRAS' SFTP server " + server + " failed: " + RunEnd.rootMessage(error)
                    + ". Nothing was imported; the next run tries again.";
        };
    }

}
