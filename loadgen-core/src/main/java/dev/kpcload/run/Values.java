package dev.kpcload.run;

import dev.kpcload.InvalidInputException;
import dev.kpcload.plan.DurationParser;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses setting values into typed values, with one-line errors that name where the value came from (a flag or
 * {@code FILE:LINE:COLUMN}) and what was expected.
 */
public final class Values {

    private Values() {
    }

    public static int intInRange(String text, String where, int min, int max) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the expected range
        }
        throw new InvalidInputException(where + ": expected a whole number from " + min + " to " + max + ", got '"
            + text + "'");
    }

    public static long seed(String text, String where) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(where + ": expected a whole number, got '" + text + "'");
        }
    }

    public static <E extends Enum<E>> E choice(String text, String where, Class<E> type) {
        for (E value : type.getEnumConstants()) {
            if (value.name().equalsIgnoreCase(text.trim())) {
                return value;
            }
        }
        List<String> names = new ArrayList<>();
        for (E value : type.getEnumConstants()) {
            names.add(value.name().toLowerCase(Locale.ROOT));
        }
        throw new InvalidInputException(where + ": expected one of " + String.join(", ", names) + ", got '" + text
            + "'");
    }

    /** A duration, or plain seconds ({@code --keepalive 60}) where a flag has always taken seconds. */
    public static Duration durationOrSeconds(String text, String where, boolean allowZero) {
        String t = text.trim();
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
            return Duration.ofSeconds(intInRange(t, where, allowZero ? 0 : 1, Integer.MAX_VALUE));
        }
        return DurationParser.parse(t, where, allowZero);
    }

    /** {@code HOST:PORT[,HOST:PORT...]}; IPv6 hosts in brackets ({@code [::1]:1883}). */
    public static List<InetSocketAddress> servers(String text, String where) {
        return servers(text, where, -1);
    }

    /**
     * {@code HOST[:PORT][,HOST[:PORT]...]}: a host without a port gets {@code defaultPort} (-1: a port is required).
     * IPv6 hosts in brackets ({@code [::1]:8883}, {@code [::1]}).
     */
    public static List<InetSocketAddress> servers(String text, String where, int defaultPort) {
        List<InetSocketAddress> result = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            result.add(hostPort(part.trim(), where, defaultPort));
        }
        return result;
    }

    public static InetSocketAddress hostPort(String text, String where) {
        return hostPort(text, where, -1);
    }

    /** @param defaultPort the port of a host given without one, or -1 when a port is required */
    public static InetSocketAddress hostPort(String text, String where, int defaultPort) {
        boolean portless = defaultPort > 0 && !text.isEmpty()
            && (text.indexOf(':') < 0 || (text.startsWith("[") && text.endsWith("]")));
        if (portless) {
            text = text + ":" + defaultPort;
        }
        int colon = text.lastIndexOf(':');
        String host = colon > 0 ? text.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty() || colon == text.length() - 1) {
            throw new InvalidInputException(where + ": expected " + (defaultPort > 0 ? "HOST[:PORT] like 127.0.0.1:"
                + defaultPort : "HOST:PORT like 127.0.0.1:1883") + ", got '" + text + "'");
        }
        int port = intInRange(text.substring(colon + 1), where + " port", 1, 65_535);
        // resolved once here: Netty's default resolver would block an event loop on every connect
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new InvalidInputException(where + " " + text + ": cannot resolve host '" + host + "'");
        }
        return address;
    }

    /** {@code true} or {@code false} (any case): a switch, from a flag or a profile key. */
    public static boolean bool(String text, String where) {
        String t = text.trim();
        if (t.equalsIgnoreCase("true")) {
            return true;
        }
        if (t.equalsIgnoreCase("false")) {
            return false;
        }
        throw new InvalidInputException(where + ": expected true or false, got '" + text + "'");
    }

    /** {@code ADDR[,ADDR...]}: local addresses to connect from. */
    public static List<java.net.InetAddress> sourceAddresses(String text, String where) {
        List<java.net.InetAddress> result = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String address = part.trim();
            try {
                if (address.isEmpty()) {
                    throw new java.net.UnknownHostException("empty");
                }
                result.add(java.net.InetAddress.getByName(address));
            } catch (java.net.UnknownHostException e) {
                throw new InvalidInputException(where + ": expected local addresses like 127.0.0.2,127.0.0.3, got '"
                    + address + "'");
            }
        }
        return result;
    }

    /** A positive, finite number such as {@code 10} or {@code 0.5}. */
    public static double positiveNumber(String text, String where) {
        try {
            double value = Double.parseDouble(text.trim());
            if (value > 0 && !Double.isInfinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException(where + ": expected a number more than 0 such as 10 or 0.5, got '" + text
            + "'");
    }
}
