package io.switchboard.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on a loopback port in front of the database, so that the database can be taken away
 * from the gateways without stopping the server other tests use: {@link #cut()} closes every open
 * connection and turns new ones away, as a database that crashed or a network that dropped it would;
 * {@link #restore()} lets them through again.
 */
final class DatabaseProxy implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress database;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    DatabaseProxy(String host, int port) throws IOException {
        this.database = new InetSocketAddress(host, port);
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        daemon("database-proxy", this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Closes every connection through the relay and refuses new ones until {@link #restore()}. */
    void cut() {
        cut = true;
        open.forEach(DatabaseProxy::closeQuietly);
        open.clear();
    }

    void restore() {
        cut = false;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (cut) {
                    client.close();
                    continue;
                }
                Socket upstream = new Socket();
                upstream.connect(database, 5_000);
                open.add(client);
                open.add(upstream);
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                // the relay was closed, or the database refused one connection: the gateway's pool reconnects
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        daemon("database-proxy-pipe", () -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException closed) {
                // one side went away: the other is closed below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        });
    }

    private static void daemon(String name, Runnable work) {
        var thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException alreadyClosed) {
            // nothing left to close
        }
    }

    @Override
    public void close() throws IOException {
        cut();
        server.close();
    }
}
