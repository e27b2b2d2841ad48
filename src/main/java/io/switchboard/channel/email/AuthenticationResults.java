package io.switchboard.channel.email;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An {@code Authentication-Results} header (RFC 8601): who checked the message ({@code authserv-id})
 * and what each method found ({@code dkim=pass header.d=example.com}). Written by hand: Jakarta Mail
 * reads no such header, and no maintained Java library parses it apart from whole DKIM/DMARC
 * verifiers, which would check the mail again instead of trusting the receiving server's verdict.
 *
 * @param authservId the server that checked, lower case
 * @param results    each method's result, in the order written
 */
record AuthenticationResults(String authservId, List<Result> results) {

    /**
     * @param method     {@code dkim}, {@code spf}, {@code dmarc}, ...
     * @param result     {@code pass}, {@code fail}, {@code none}, ...
     * @param properties {@code header.d}, {@code header.from}, {@code smtp.mailfrom}, ... (lower-case
     *                   names, values as written)
     */
    record Result(String method, String result, Map<String, String> properties) {
    }

    /** Reads one header's value; null when it is not an Authentication-Results header at all. */
    static AuthenticationResults parse(String header) {
        if (header == null) {
            return null;
        }
        List<String> parts = split(withoutComments(header));
        if (parts.isEmpty()) {
            return null;
        }
        String[] first = parts.get(0).strip().split("\\s+");
        if (first.length == 0 || first[0].isEmpty() || first[0].contains("=")) {
            return null; // no authserv-id (a server that leaves it out is not one we can trust)
        }
        var results = new ArrayList<Result>();
        for (String part : parts.subList(1, parts.size())) {
            Result result = result(part);
            if (result != null) {
                results.add(result);
            }
        }
        return new AuthenticationResults(first[0].toLowerCase(Locale.ROOT), List.copyOf(results));
    }

    private static Result result(String resinfo) {
        List<String> tokens = tokens(resinfo);
        if (tokens.isEmpty()) {
            return null;
        }
        String[] methodAndResult = tokens.get(0).split("=", 2);
        if (methodAndResult.length != 2) {
            return null; // "none", or not a result
        }
        String method = methodAndResult[0].toLowerCase(Locale.ROOT);
        int slash = method.indexOf('/');
        method = slash >= 0 ? method.substring(0, slash) : method;
        var properties = new LinkedHashMap<String, String>();
        for (String token : tokens.subList(1, tokens.size())) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                properties.putIfAbsent(token.substring(0, eq).toLowerCase(Locale.ROOT), unquote(token.substring(eq + 1)));
            }
        }
        return new Result(method, methodAndResult[1].toLowerCase(Locale.ROOT), Map.copyOf(properties));
    }

    /** Removes (nested) comments in parentheses, leaving quoted strings alone. */
    private static String withoutComments(String header) {
        var out = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '\\' && i + 1 < header.length() && (quoted || depth > 0)) {
                if (depth == 0) {
                    out.append(c).append(header.charAt(i + 1));
                }
                i++;
            } else if (depth == 0 && c == '"') {
                quoted = !quoted;
                out.append(c);
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')' && depth > 0) {
                depth--;
                out.append(' ');
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Splits on semicolons outside quoted strings. */
    private static List<String> split(String header) {
        var parts = new ArrayList<String>();
        var current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ';' && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts.stream().filter(p -> !p.isBlank()).toList();
    }

    /** Whitespace-separated tokens, {@code a = b} joined to {@code a=b}, quoted strings kept whole. */
    private static List<String> tokens(String resinfo) {
        String joined = resinfo.strip().replaceAll("\\s*=\\s*", "=");
        var tokens = new ArrayList<String>();
        var current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < joined.length(); i++) {
            char c = joined.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (Character.isWhitespace(c) && !quoted) {
                if (!current.isEmpty()) {
                    tokens.add(current.toString());
                    current.setLength(0);
                }
            } else {
                current.append(c);
            }
        }
        if (!current.isEmpty()) {
            tokens.add(current.toString());
        }
        return tokens;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }
}
