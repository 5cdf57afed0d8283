package dev.kpcload.fleet;

/**
 * MAC address text: six hex pairs joined by {@code -} or {@code :} (one separator throughout), in either case.
 * The normal form is upper case joined by {@code -}, like {@code 02-1A-3F-9C-00-07}, the form the Kaa tutorial
 * reports.
 */
public final class MacAddress {

    private static final int TEXT_LENGTH = 17;

    private MacAddress() {
    }

    /** True for six hex pairs joined by one separator, {@code -} or {@code :}. */
    public static boolean isValid(String text) {
        if (text == null || text.length() != TEXT_LENGTH) {
            return false;
        }
        char separator = text.charAt(2);
        if (separator != '-' && separator != ':') {
            return false;
        }
        for (int i = 0; i < TEXT_LENGTH; i++) {
            char c = text.charAt(i);
            boolean ok = i % 3 == 2 ? c == separator : Character.digit(c, 16) >= 0 && c < 128;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The normal form ({@code 02-1A-3F-9C-00-07}) of a valid address; see {@link #isValid}. */
    public static String normalize(String text) {
        return format(toLong(text));
    }

    /** The 48-bit value of a valid address. */
    static long toLong(String text) {
        if (!isValid(text)) {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        long value = 0;
        for (int i = 0; i < TEXT_LENGTH; i += 3) {
            value = value << 8 | Character.digit(text.charAt(i), 16) << 4 | Character.digit(text.charAt(i + 1), 16);
        }
        return value;
    }

    /** The normal form of the low 48 bits of {@code value}. */
    static String format(long value) {
        char[] out = new char[TEXT_LENGTH];
        for (int octet = 0; octet < 6; octet++) {
            int b = (int) (value >>> (40 - 8 * octet)) & 0xFF;
            out[octet * 3] = Character.toUpperCase(Character.forDigit(b >>> 4, 16));
            out[octet * 3 + 1] = Character.toUpperCase(Character.forDigit(b & 0xF, 16));
            if (octet < 5) {
                out[octet * 3 + 2] = '-';
            }
        }
        return new String(out);
    }
}
