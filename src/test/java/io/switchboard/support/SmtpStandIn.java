package io.switchboard.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An SMTP server on loopback that stands in for the outgoing mail server a gateway sends through
 * (RFC 5321 as Jakarta Mail speaks it: EHLO, AUTH PLAIN or LOGIN, MAIL, RCPT, DATA with dot
 * unstuffing, RSET, NOOP, QUIT). It keeps what it accepted and answers each recipient as told: take
 * the mail, refuse it for a moment ({@code 451}) the first time, or refuse the address for good
 * ({@code 550}).
 */
public final class SmtpStandIn implements AutoCloseable {

    /** How the server answers {@code RCPT TO} for an address. */
    public enum Answer { ACCEPT, FAIL_ONCE, REFUSE }

    /** A mail the server took: its recipients and its data as sent. */
    public record Mail(List<String> to, String data) {
    }

    private static final Pattern ADDRESS = Pattern.compile("<([^>]*)>");

    private final ServerSocket listener;
    private final List<Mail> accepted = new CopyOnWriteArrayList<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    public SmtpStandIn() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "smtp-stand-in");
        accept.setDaemon(true);
        accept.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** From now on, answer {@code RCPT TO:<address>} this way. */
    public void answer(String address, Answer answer) {
        answers.put(address.toLowerCase(Locale.ROOT), answer);
    }

    /** The mails accepted for {@code address}, oldest first. */
    public List<Mail> acceptedFor(String address) {
        String wanted = address.toLowerCase(Locale.ROOT);
        return accepted.stream().filter(m -> m.to().contains(wanted)).toList();
    }

    /** How often a client named {@code address} as a recipient, accepted or not. */
    public int attemptsFor(String address) {
        return attempts.getOrDefault(address.toLowerCase(Locale.ROOT), 0);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                sockets.add(socket);
                Thread session = new Thread(() -> serve(socket), "smtp-stand-in-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
             OutputStream out = socket.getOutputStream()) {
            say(out, "220 smtp.stand-in.test ESMTP");
            List<String> recipients = new ArrayList<>();
            for (String line; (line = in.readLine()) != null; ) {
                String verb = line.length() < 4 ? line.toUpperCase(Locale.ROOT) : line.substring(0, 4).toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> say(out, "250-smtp.stand-in.test\r\n250-8BITMIME\r\n250 AUTH PLAIN LOGIN");
                    case "HELO", "NOOP" -> say(out, "250 OK");
                    case "AUTH" -> authenticate(line, in, out);
                    case "MAIL" -> {
                        recipients.clear();
                        say(out, "250 2.1.0 OK");
                    }
                    case "RCPT" -> {
                        String address = address(line);
                        int tries = attempts.merge(address, 1, Integer::sum);
                        switch (answers.getOrDefault(address, Answer.ACCEPT)) {
                            case REFUSE -> say(out, "550 5.1.1 mailbox unavailable");
                            case FAIL_ONCE -> {
                                if (tries == 1) {
                                    say(out, "451 4.3.0 try again later");
                                } else {
                                    recipients.add(address);
                                    say(out, "250 2.1.5 OK");
                                }
                            }
                            case ACCEPT -> {
                                recipients.add(address);
                                say(out, "250 2.1.5 OK");
                            }
                        }
                    }
                    case "DATA" -> {
                        if (recipients.isEmpty()) {
                            say(out, "554 5.5.1 no valid recipients");
                            continue;
                        }
                        say(out, "354 end with <CRLF>.<CRLF>");
                        var data = new StringBuilder();
                        for (String part; (part = in.readLine()) != null && !part.equals("."); ) {
                            data.append(part.startsWith(".") ? part.substring(1) : part).append("\r\n");
                        }
                        accepted.add(new Mail(List.copyOf(recipients), data.toString()));
                        recipients.clear();
                        say(out, "250 2.0.0 queued");
                    }
                    case "RSET" -> {
                        recipients.clear();
                        say(out, "250 OK");
                    }
                    case "QUIT" -> {
                        say(out, "221 bye");
                        return;
                    }
                    default -> say(out, "502 5.5.2 command not recognised");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** Any login is good here: the stand-in checks what is sent, not who sends it. */
    private static void authenticate(String line, BufferedReader in, OutputStream out) throws IOException {
        String[] words = line.split(" ");
        if (words.length >= 2 && words[1].equalsIgnoreCase("LOGIN")) {
            say(out, "334 VXNlcm5hbWU6");
            in.readLine();
            say(out, "334 UGFzc3dvcmQ6");
            in.readLine();
        } else if (words.length == 2) {
            say(out, "334 ");
            in.readLine();
        }
        say(out, "235 2.7.0 authenticated");
    }

    private static String address(String line) {
        Matcher m = ADDRESS.matcher(line);
        return (m.find() ? m.group(1) : "").toLowerCase(Locale.ROOT);
    }

    private static void say(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
