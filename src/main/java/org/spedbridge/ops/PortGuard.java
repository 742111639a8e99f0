package org.spedbridge.ops;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.spedbridge.config.ConfigException;
import org.spedbridge.config.Settings;

/**
 * Refuses the start when a port sped-bridge must listen on is taken. (Vert.x would only log a WARN
 * and leave a half-started process behind.)
 */
public final class PortGuard {

    private PortGuard() {
    }

    /** Fails with a message naming the setting when {@code port} (not 0) cannot be bound on {@code host}. */
    public static void requireFree(Settings settings, String portKey, String hostKey) {
        int port = settings.getInt(portKey);
        if (port == 0) {
            return;
        }
        String host = settings.require(hostKey);
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new ConfigException("Port " + port + " on " + host + " (" + portKey + ") is already in use: "
                    + e.getMessage() + ". Stop the other process or choose another port with " + portKey
                    + " / " + Settings.envName(portKey) + ". Nothing was started.");
        }
    }
}
