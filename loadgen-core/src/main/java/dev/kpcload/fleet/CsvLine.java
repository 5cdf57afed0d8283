package dev.kpcload.fleet;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one line of CSV into cells: RFC 4180 quoting within the line ({@code "a,b"}, {@code ""} for a quote),
 * white space around unquoted cells trimmed, quoted cells kept verbatim (white space outside the quotes
 * allowed). A quoted cell may not span lines: token files have one device per line, which keeps line numbers
 * in messages true. Also read by the simulator's certificate map, which has the same shape.
 */
public final class CsvLine {

    /** A malformed line; the message names the column and what is wrong, without file or line. */
    public static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private CsvLine() {
    }

    public static List<String> split(String line) throws Malformed {
        List<String> cells = new ArrayList<>();
        int n = line.length();
        int i = 0;
        while (true) {
            int column = cells.size() + 1;
            i = skipWhiteSpace(line, i);
            if (i < n && line.charAt(i) == '"') {
                StringBuilder cell = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw new Malformed("unterminated quote in column " + column
                                + " (a quoted cell must end on the same line)");
                    }
                    char c = line.charAt(i++);
                    if (c != '"') {
                        cell.append(c);
                    } else if (i < n && line.charAt(i) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        break;
                    }
                }
                i = skipWhiteSpace(line, i);
                if (i < n && line.charAt(i) != ',') {
                    throw new Malformed("unexpected " + Shown.quoted(String.valueOf(line.charAt(i)))
                            + " after the closing quote in column " + column);
                }
                cells.add(cell.toString());
            } else {
                int end = line.indexOf(',', i);
                if (end < 0) {
                    end = n;
                }
                String cell = line.substring(i, end).strip();
                if (cell.indexOf('"') >= 0) {
                    throw new Malformed("stray '\"' in column " + column
                            + "; quote the whole cell and double the quotes inside (\"a\"\"b\")");
                }
                cells.add(cell);
                i = end;
            }
            if (i >= n) {
                return cells;
            }
            i++; // the comma
        }
    }

    private static int skipWhiteSpace(String line, int i) {
        while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        return i;
    }
}
