package dev.kpcload.fleet;

import dev.kpcload.IoReason;
import dev.kpcload.InvalidInputException;
import dev.kpcload.kp.KpTopics;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a token file: UTF-8 CSV, one device per line.
 *
 * <p>Without a header each line holds just a token. With a header (the first non-blank line, when one of its
 * cells is {@code token} in any case) the columns are any of {@code token} (required), {@code client_id},
 * {@code username}, {@code password}, {@code mac}, {@code model}, {@code cert}, {@code key}, in any order; a line
 * may have fewer cells than the header, and an empty cell means "not given".
 *
 * <p>{@code cert} and {@code key} name a device's own client certificate (chain) and private key files (PEM). A
 * relative path is relative to the token file's directory, not to where the program runs, so a rig directory
 * moves as a whole; an absolute path is taken as it is. They are resolved here, but the files are read and checked
 * later, by {@code ClientContexts.prepare}. A line gives both or neither.
 *
 * <p>Cells follow RFC 4180 within one line ({@code "pa,ss"}, {@code ""} for a quote). White space around
 * unquoted cells is trimmed, so {@code tok1, 02-00-00-00-00-01} works; to keep white space, quote the cell
 * (a token may never hold white space). A UTF-8 byte order mark, blank lines and {@code \r\n} endings are
 * accepted.
 *
 * <p>Every problem becomes an {@link InvalidInputException} naming the file and line: invalid, empty or
 * duplicate tokens, duplicate client IDs (a missing client ID is the token; a broker disconnects a client whose
 * ID another connection takes), malformed MAC addresses, unknown columns, a certificate without its key or a key
 * without its certificate. MACs come back in normal form.
 * The file is streamed, so memory grows with the tokens, not with the file's text.
 */
public final class TokenFile {

    private static final char BOM = '\uFEFF';
    private static final char REPLACEMENT = '\uFFFD';

    private TokenFile() {
    }

    public static List<TokenEntry> load(Path file) {
        String source = file.toString();
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(source + ": cannot read: is a directory");
        }
        // InputStreamReader replaces malformed UTF-8 with U+FFFD, which lets us name the line it is on.
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
            return read(in, source, file.getParent());
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(source + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(source + ": cannot read: " + IoReason.of(e));
        }
    }

    /**
     * Reads token file text; {@code source} names it in messages. Relative {@code cert} and {@code key} paths stay
     * relative to the working directory.
     */
    public static List<TokenEntry> read(BufferedReader in, String source) throws IOException {
        return read(in, source, null);
    }

    /**
     * Reads token file text; {@code source} names it in messages, relative {@code cert} and {@code key} paths are
     * resolved against {@code baseDir} (null: left relative to the working directory).
     */
    public static List<TokenEntry> read(BufferedReader in, String source, Path baseDir) throws IOException {
        Parser parser = new Parser(source, baseDir);
        String line;
        int number = 0;
        while ((line = in.readLine()) != null) {
            parser.line(++number, line);
        }
        return parser.finish();
    }

    /** The state of one read: the columns, the tokens and client IDs seen so far, the entries. */
    private static final class Parser {
        private final String source;
        private final Path baseDir;
        private final Map<String, Integer> tokenLines = new HashMap<>();
        private final Map<String, Integer> clientIdLines = new HashMap<>();
        private final List<TokenEntry> entries = new ArrayList<>();
        private boolean sawFirstLine;
        /** The header's columns in order, or null for a file without a header. */
        private Column[] columns;

        Parser(String source, Path baseDir) {
            this.source = source;
            this.baseDir = baseDir;
        }

        void line(int number, String text) {
            if (number == 1 && !text.isEmpty() && text.charAt(0) == BOM) {
                text = text.substring(1);
            }
            if (text.isBlank()) {
                return;
            }
            if (text.indexOf(REPLACEMENT) >= 0) {
                throw error(number, "not valid UTF-8 text (save the file as UTF-8)");
            }
            List<String> cells;
            try {
                cells = CsvLine.split(text);
            } catch (CsvLine.Malformed e) {
                throw error(number, e.getMessage());
            }
            if (!sawFirstLine) {
                sawFirstLine = true;
                if (cells.stream().anyMatch(c -> Column.named(c) == Column.TOKEN)) {
                    columns = header(number, cells);
                    return;
                }
                if (cells.size() > 1 && cells.stream().allMatch(c -> Column.named(c) != null)) {
                    throw error(number, "the header has no 'token' column");
                }
            }
            entries.add(entry(number, cells));
        }

        List<TokenEntry> finish() {
            if (entries.isEmpty()) {
                throw new InvalidInputException(
                        source + ": no tokens found (expected one token per line, optional header 'token,...')");
            }
            return Collections.unmodifiableList(entries);
        }

        private Column[] header(int number, List<String> cells) {
            Column[] result = new Column[cells.size()];
            Map<Column, Integer> seen = new EnumMap<>(Column.class);
            for (int i = 0; i < cells.size(); i++) {
                String cell = cells.get(i);
                Column column = Column.named(cell);
                if (column == null) {
                    String what = cell.isBlank() ? "empty column name in column " + (i + 1)
                            : "unknown column " + Shown.quoted(cell.strip());
                    throw error(number, what + "; expected " + Column.EXPECTED);
                }
                Integer first = seen.putIfAbsent(column, i + 1);
                if (first != null) {
                    throw error(number, "duplicate column '" + column.header + "' (columns " + first + " and "
                            + (i + 1) + ")");
                }
                result[i] = column;
            }
            return result;
        }

        private TokenEntry entry(int number, List<String> cells) {
            Map<Column, String> values = new EnumMap<>(Column.class);
            if (columns == null) {
                if (cells.size() != 1) {
                    throw error(number, "found " + cells.size() + " cells, but a file without a header holds one"
                            + " token per line; to give more, start the file with a header like 'token,client_id,mac'");
                }
                values.put(Column.TOKEN, cells.get(0));
            } else {
                if (cells.size() > columns.length) {
                    throw error(number, "found " + cells.size() + " cells, but the header names " + columns.length
                            + " column" + (columns.length == 1 ? "" : "s"));
                }
                for (int i = 0; i < cells.size(); i++) {
                    values.put(columns[i], cells.get(i));
                }
            }
            values.values().removeIf(String::isEmpty);

            String token = token(number, values.get(Column.TOKEN));
            String clientId = noNul(number, Column.CLIENT_ID, values.get(Column.CLIENT_ID));
            String username = noNul(number, Column.USERNAME, values.get(Column.USERNAME));
            String password = noNul(number, Column.PASSWORD, values.get(Column.PASSWORD));
            String mac = mac(number, values.get(Column.MAC));
            String effectiveClientId = clientId != null ? clientId : token;
            Integer first = clientIdLines.putIfAbsent(effectiveClientId, number);
            if (first != null) {
                String from = clientId != null ? "" : "the token, used when client_id is empty; ";
                throw error(number, "duplicate client ID " + Shown.quoted(effectiveClientId) + " (" + from
                        + "first seen on line " + first + ")");
            }
            Path cert = path(number, Column.CERT, values.get(Column.CERT));
            Path key = path(number, Column.KEY, values.get(Column.KEY));
            if ((cert == null) != (key == null)) {
                throw error(number, cert != null ? "cert given without key (a client certificate needs both)"
                        : "key given without cert (a client certificate needs both)");
            }
            return new TokenEntry(number, token, clientId, username, password, mac, values.get(Column.MODEL), cert,
                    key);
        }

        /** A file the line names, resolved against the token file's directory unless absolute. */
        private Path path(int number, Column column, String value) {
            if (value == null) {
                return null;
            }
            if (value.indexOf('\0') >= 0) {
                throw error(number, column.header + " contains a NUL character");
            }
            Path path;
            try {
                path = Path.of(value);
            } catch (InvalidPathException e) {
                throw error(number, column.header + " " + Shown.quoted(value) + " is not a file path: "
                        + e.getReason());
            }
            return baseDir == null || path.isAbsolute() ? path : baseDir.resolve(path);
        }

        private String token(int number, String token) {
            if (token == null) {
                throw error(number, "empty token");
            }
            int bad = KpTopics.firstInvalidTokenChar(token);
            if (bad >= 0) {
                throw error(number, "token " + Shown.quoted(token) + " contains " + Shown.character(token.charAt(bad)));
            }
            Integer first = tokenLines.putIfAbsent(token, number);
            if (first != null) {
                throw error(number, "duplicate token " + Shown.quoted(token) + " (first seen on line " + first + ")");
            }
            return token;
        }

        /** MQTT strings may not hold U+0000. */
        private String noNul(int number, Column column, String value) {
            if (value != null && value.indexOf('\0') >= 0) {
                throw error(number, column.header + " contains a NUL character");
            }
            return value;
        }

        private String mac(int number, String mac) {
            if (mac == null) {
                return null;
            }
            if (!MacAddress.isValid(mac)) {
                throw error(number, "mac " + Shown.quoted(mac)
                        + " is not six hex pairs joined by '-' or ':' (like 02-1A-3F-9C-00-07)");
            }
            return MacAddress.normalize(mac);
        }

        private InvalidInputException error(int number, String message) {
            return new InvalidInputException(source + ":" + number + ": " + message);
        }
    }
}
