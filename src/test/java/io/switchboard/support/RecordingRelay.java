package io.switchboard.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback in front of a plain-text server (SMTP, IMAP) that keeps what each side
 * said, so a test can read the commands a client really sent and the capabilities the server offered.
 */
public final class RecordingRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final int target;
    private final StringBuffer client = new StringBuffer();
    private final StringBuffer server = new StringBuffer();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    public RecordingRelay(int target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "relay-" + target);
        accept.setDaemon(true);
        accept.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Everything clients sent, connection after connection. */
    public String clientSaid() {
        return client.toString();
    }

    /** Everything the server answered. */
    public String serverSaid() {
        return server.toString();
    }

    /** The lines clients sent that are the command {@code command} (a regular expression), after an IMAP tag or not. */
    public long commands(String command) {
        return clientSaid().lines().filter(line -> line.toUpperCase().matches("(\\S+ )?" + command + "( .*)?"))
                .count();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket in = listener.accept();
                Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(in);
                sockets.add(out);
                pipe(in.getInputStream(), out.getOutputStream(), client);
                pipe(out.getInputStream(), in.getOutputStream(), server);
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pipe(InputStream from, OutputStream to, StringBuffer record) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (from; to) {
                for (int n; (n = from.read(buffer)) > 0; ) {
                    record.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                    to.write(buffer, 0, n);
                    to.flush();
                }
            } catch (IOException e) {
                // one side closed
            }
        }, "relay-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
