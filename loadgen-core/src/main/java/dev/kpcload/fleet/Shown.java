package dev.kpcload.fleet;

/** User text as it appears in a one-line error message: quoted, control characters escaped, long text cut. */
final class Shown {

    private static final int MAX_SHOWN = 60;

    private Shown() {
    }

    /** {@code 'abc'}, with control and line-separator characters as {@code \t}, {@code \0} or {@code \\uXXXX}. */
    static String quoted(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_SHOWN) + 5).append('\'');
        for (int i = 0; i < text.length(); i++) {
            if (i == MAX_SHOWN) {
                return out.append("...'").toString();
            }
            char c = text.charAt(i);
            if (c == '\t') {
                out.append("\\t");
            } else if (c == '\0') {
                out.append("\\0");
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('\'').toString();
    }

    /** A readable name for a character a token may not hold: {@code '/'}, {@code a space}, {@code a tab}. */
    static String character(char c) {
        if (c == ' ') {
            return "a space";
        }
        if (c == '\t') {
            return "a tab";
        }
        if (c == '\0') {
            return "a NUL character";
        }
        if (Character.isWhitespace(c) || Character.isISOControl(c)) {
            return String.format("white space U+%04X", (int) c);
        }
        return "'" + c + "'";
    }
}
