package org.spedbridge.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The network between the application and a real server (SIRAS' SFTP server, the database), as a TCP relay on
 * 127.0.0.1 that a test can slow down, freeze or cut: {@link #slowTo} limits what reaches the client per second (so
 * a download is still under way when the test acts), {@link #freeze} lets nothing through any more and closes
 * nothing (a pulled cable, a firewall that drops the packets: the application only notices through its own
 * timeouts), {@link #close} stops listening and closes every connection (the server's host gone: refused and reset).
 */
public final class TcpRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong toClient = new AtomicLong();
    private volatile long bytesPerSecond;
    private volatile boolean frozen;
    private volatile boolean closed;

    /** A relay to {@code 127.0.0.1:targetPort}, at full speed. */
    public TcpRelay(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread accept = new Thread(this::accept, "tcp-relay-" + listener.getLocalPort());
        accept.setDaemon(true);
        accept.start();
    }

    /** The port the application connects to instead of the server's. */
    public int port() {
        return listener.getLocalPort();
    }

    /** At most this many bytes a second from the server to the client, from now on. */
    public TcpRelay slowTo(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
        return this;
    }

    /** Bytes passed from the server to the client so far. */
    public long bytesToClient() {
        return toClient.get();
    }

    /** Nothing passes any more, in either direction; every connection stays open. */
    public void freeze() {
        frozen = true;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.setReceiveBufferSize(64 * 1024); // what the relay holds back stays small
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
                sockets.add(client);
                sockets.add(server);
                pump(server, client, true);
                pump(client, server, false);
            } catch (IOException e) {
                // closed, or the server refused: the client sees its connection end
            }
        }
    }

    private void pump(Socket from, Socket to, boolean countToClient) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            long paceStart = System.nanoTime();
            long paced = 0;
            long pacedRate = 0;
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer, 0, chunk(buffer.length))) >= 0) {
                    while (frozen && !closed) {
                        Thread.sleep(50);
                    }
                    if (closed) {
                        return;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                    if (countToClient) {
                        toClient.addAndGet(n);
                        long rate = bytesPerSecond;
                        if (rate != pacedRate) { // paced from now on at the new rate
                            pacedRate = rate;
                            paceStart = System.nanoTime();
                            paced = 0;
                        }
                        if (rate > 0) { // each byte leaves no earlier than the rate allows since pacing began
                            paced += n;
                            long wait = paceStart + paced * 1_000_000_000L / rate - System.nanoTime();
                            if (wait > 0) {
                                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // one side went away
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (!frozen) {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            }
        }, "tcp-relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private int chunk(int max) {
        long rate = bytesPerSecond;
        return rate > 0 ? (int) Math.max(1, Math.min(max, rate / 20)) : max;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    /** Stops listening and closes every connection. */
    @Override
    public void close() {
        closed = true;
        frozen = false;
        try {
            listener.close();
        } catch (IOException e) {
            // already closed
        }
        sockets.forEach(TcpRelay::closeQuietly);
    }
}
