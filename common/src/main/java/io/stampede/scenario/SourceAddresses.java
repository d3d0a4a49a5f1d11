package io.stampede.scenario;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code target.source_addresses}: the local addresses the users' connections leave from, one
 * after the other. A machine has about 28,000 ephemeral ports per source address towards one
 * target address and port, so past that many users a worker needs more source addresses
 * (Gatling's {@code localAddresses}, k6's {@code --local-ips}, Tsung's IP aliases). Written as
 * a list of addresses, ranges ({@code 127.0.0.2..127.0.0.9}, inclusive) or both; only IP
 * literals, never names (nothing is resolved).
 */
final class SourceAddresses {
    /** More would be a mistake rather than a plan: 4,096 addresses hold over 100 million connections. */
    static final int MAX = 4_096;
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private SourceAddresses() {
    }

    /** The addresses {@code text} names (one address or a range), added to {@code into}; null when fine, else why not. */
    static String expand(String text, Set<String> into) {
        String t = text.strip();
        int dots = t.indexOf("..");
        if (dots < 0) {
            InetAddress one = literal(t);
            if (one == null) {
                return "'" + t + "' is not an IP address: write e.g. 127.0.0.2 or a range 127.0.0.2..127.0.0.9";
            }
            into.add(one.getHostAddress());
            return null;
        }
        InetAddress from = literal(t.substring(0, dots));
        InetAddress to = literal(t.substring(dots + 2));
        if (from == null || to == null) {
            return "'" + t + "' is not a range of IP addresses: write e.g. 127.0.0.2..127.0.0.9";
        }
        if (from.getAddress().length != to.getAddress().length) {
            return "'" + t + "' mixes IPv4 and IPv6: a range stays in one family";
        }
        BigInteger a = new BigInteger(1, from.getAddress());
        BigInteger b = new BigInteger(1, to.getAddress());
        if (a.compareTo(b) > 0) {
            return "'" + t + "' ends before it starts: write the lower address first";
        }
        if (b.subtract(a).compareTo(BigInteger.valueOf(MAX)) >= 0 || into.size() + b.subtract(a).intValue() + 1 > MAX) {
            return "'" + t + "' makes more than " + MAX + " source addresses";
        }
        int length = from.getAddress().length;
        for (BigInteger x = a; x.compareTo(b) <= 0; x = x.add(BigInteger.ONE)) {
            into.add(toAddress(x, length).getHostAddress());
        }
        return null;
    }

    /** The whole list, or null after {@code errors} were recorded. */
    static List<String> read(List<String> items, java.util.function.BiConsumer<Integer, String> errors) {
        Set<String> all = new LinkedHashSet<>();
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            String why = expand(items.get(i), all);
            if (why != null) {
                errors.accept(i, why);
                ok = false;
            } else if (all.size() > MAX) {
                errors.accept(i, "more than " + MAX + " source addresses");
                ok = false;
            }
        }
        return ok ? List.copyOf(new ArrayList<>(all)) : null;
    }

    /** An IP literal, or null for anything else (a name is never looked up). */
    static InetAddress literal(String text) {
        String t = text.strip();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        var m = IPV4.matcher(t);
        if (m.matches()) {
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int part = Integer.parseInt(m.group(i + 1));
                if (part > 255) {
                    return null;
                }
                bytes[i] = (byte) part;
            }
            return toAddress(new BigInteger(1, bytes), 4);
        }
        if (!t.contains(":") || !t.matches("[0-9A-Fa-f:.]+")) {
            return null;
        }
        try {
            return InetAddress.getByName(t); // an IPv6 literal: parsed, never resolved
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static InetAddress toAddress(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] bytes = new byte[length];
        int copy = Math.min(length, raw.length);
        System.arraycopy(raw, raw.length - copy, bytes, length - copy, copy);
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
