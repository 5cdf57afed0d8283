package dev.kpcload.fleet;

import dev.kpcload.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TokenFileTest {

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private List<TokenEntry> load(String content) throws IOException {
        return TokenFile.load(file("tokens.csv", content));
    }

    /** Loads, expects a rejection, checks it is one line starting with the file name, returns the message. */
    private String reject(String content) throws IOException {
        Path p = file("tokens.csv", content);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TokenFile.load(p));
        String message = e.getMessage();
        assertFalse(message.contains("\n") || message.contains("\r"), message);
        assertTrue(message.startsWith(p + ":"), message);
        return message.substring(p.toString().length());
    }

    @Test
    void plainTokensWithoutHeader() throws IOException {
        List<TokenEntry> entries = load("JTjdbENzHh\nabcDEF1234\n");
        assertEquals(List.of(new TokenEntry(1, "JTjdbENzHh", null, null, null, null, null),
                new TokenEntry(2, "abcDEF1234", null, null, null, null, null)), entries);
        assertEquals("JTjdbENzHh", entries.get(0).effectiveClientId());
    }

    @Test
    void headerWithAllColumnsInAnyOrderAndCase() throws IOException {
        List<TokenEntry> entries = load("""
                MAC, Token ,client_id,username,password,model
                02:1a:3f:9c:00:07,tok1,meter-1,alice,s3cret,Meter B
                """);
        assertEquals(List.of(new TokenEntry(2, "tok1", "meter-1", "alice", "s3cret", "02-1A-3F-9C-00-07", "Meter B")),
                entries);
    }

    @Test
    void headerOnlyTokenColumn() throws IOException {
        assertEquals(List.of(new TokenEntry(2, "tok1", null, null, null, null, null)), load("token\ntok1\n"));
    }

    @Test
    void emptyAndMissingCellsAreAbsent() throws IOException {
        List<TokenEntry> entries = load("token,client_id,username,password,mac,model\ntok1,,,\"\",,\ntok2\n");
        assertEquals(new TokenEntry(2, "tok1", null, null, null, null, null), entries.get(0));
        assertEquals(new TokenEntry(3, "tok2", null, null, null, null, null), entries.get(1));
    }

    @Test
    void quotedCellsMayHoldCommasQuotesAndSpaces() throws IOException {
        List<TokenEntry> entries = load("token,password,model\n\"tok,1\",\"pa,\"\"ss\"\" \",  \" My Meter \"  \n");
        assertEquals(new TokenEntry(2, "tok,1", null, null, "pa,\"ss\" ", null, " My Meter "), entries.get(0));
    }

    @Test
    void unquotedCellsAreTrimmed() throws IOException {
        List<TokenEntry> entries = load("token , mac\n  tok1 ,\t02-00-00-00-00-01  \n\ttok2\t\n");
        assertEquals("tok1", entries.get(0).token());
        assertEquals("02-00-00-00-00-01", entries.get(0).mac());
        assertEquals("tok2", entries.get(1).token());
    }

    @Test
    void crlfBomAndBlankLines() throws IOException {
        List<TokenEntry> entries = load("\uFEFF\r\n  \r\ntoken,model\r\n\r\ntok1,A\r\n \t \r\ntok2,B\r\n\r\n");
        assertEquals(List.of(new TokenEntry(5, "tok1", null, null, null, null, "A"),
                new TokenEntry(7, "tok2", null, null, null, null, "B")), entries);
    }

    @Test
    void bomBeforeHeaderIsStripped() throws IOException {
        assertEquals("tok1", load("\uFEFFtoken\ntok1").get(0).token());
        assertEquals("tok1", load("\uFEFFtok1").get(0).token());
    }

    @Test
    void macIsNormalized() throws IOException {
        assertEquals("0A-1B-2C-3D-4E-5F", load("token,mac\nt,0a-1b-2c-3d-4e-5f\n").get(0).mac());
        assertEquals("00-14-22-01-23-45", load("token,mac\nt,00:14:22:01:23:45\n").get(0).mac());
    }

    @Test
    void largeFileStreams() throws IOException {
        StringBuilder sb = new StringBuilder("token\n");
        List<String> tokens = TokenGenerator.generate(100_000, 1);
        tokens.forEach(t -> sb.append(t).append('\n'));
        List<TokenEntry> entries = load(sb.toString());
        assertEquals(100_000, entries.size());
        assertEquals(tokens.get(99_999), entries.get(99_999).token());
        assertEquals(100_001, entries.get(99_999).line());
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // header problems
            "token,foo\\nt1                  | :1: unknown column 'foo'; expected token, client_id, username, password, mac, model, cert, key",
            "\\n\\ntoken,Foo \\nt1           | :3: unknown column 'Foo'; expected token, client_id, username, password, mac, model, cert, key",
            "token,,mac\\nt1                 | :1: empty column name in column 2; expected token, client_id, username, password, mac, model, cert, key",
            "token,cert,key,Cert\\nt1        | :1: duplicate column 'cert' (columns 2 and 4)",
            "cert,key\\na.crt,a.key          | :1: the header has no 'token' column",
            "token,mac,MAC\\nt1              | :1: duplicate column 'mac' (columns 2 and 3)",
            "client_id,mac\\nt1,x            | :1: the header has no 'token' column",
            // cell counts
            "tok1\\ntok2,c2                  | :2: found 2 cells, but a file without a header holds one token per line; to give more, start the file with a header like 'token,client_id,mac'",
            "token,mac\\nt1,02-00-00-00-00-01,x | :2: found 3 cells, but the header names 2 columns",
            "token\\nt1,x                    | :2: found 2 cells, but the header names 1 column",
            // tokens
            "token,mac\\n,02-00-00-00-00-01   | :2: empty token",
            "token\\n\"\"                    | :2: empty token",
            "ab/c                            | :1: token 'ab/c' contains '/'",
            "ab+c                            | :1: token 'ab+c' contains '+'",
            "a#                              | :1: token 'a#' contains '#'",
            "\"ab c\"                        | :1: token 'ab c' contains a space",
            "ab\\tc                          | :1: token 'ab\\tc' contains a tab",
            "ab\\0c                          | :1: token 'ab\\0c' contains a NUL character",
            "\"ab\u2003c\"                   | :1: token 'ab\u2003c' contains white space U+2003",
            "abcDEF1234\\nx\\n\\nabcDEF1234  | :4: duplicate token 'abcDEF1234' (first seen on line 1)",
            // client IDs
            "token,client_id\\nt1,c\\nt2,c   | :3: duplicate client ID 'c' (first seen on line 2)",
            "token,client_id\\nt1,t2\\nt2    | :3: duplicate client ID 't2' (the token, used when client_id is empty; first seen on line 2)",
            "token,client_id\\nt1,\"a\\0b\"  | :2: client_id contains a NUL character",
            "token,password\\nt1,\"a\\0b\"   | :2: password contains a NUL character",
            // client certificates
            "token,cert,key\\nt1,a.crt       | :2: cert given without key (a client certificate needs both)",
            "token,cert,key\\nt1,a.crt,      | :2: cert given without key (a client certificate needs both)",
            "token,cert,key\\nt1,,a.key      | :2: key given without cert (a client certificate needs both)",
            "token,key\\nt1,a.key            | :2: key given without cert (a client certificate needs both)",
            "token,cert,key\\nt1,\"a\\0b\",k | :2: cert contains a NUL character",
            // MACs
            "token,mac\\nt1,00-14-22-01-23   | :2: mac '00-14-22-01-23' is not six hex pairs joined by '-' or ':' (like 02-1A-3F-9C-00-07)",
            "token,mac\\nt1,00-14:22-01-23-45 | :2: mac '00-14:22-01-23-45' is not six hex pairs joined by '-' or ':' (like 02-1A-3F-9C-00-07)",
            "token,mac\\nt1,0G-14-22-01-23-45 | :2: mac '0G-14-22-01-23-45' is not six hex pairs joined by '-' or ':' (like 02-1A-3F-9C-00-07)",
            "token,mac\\nt1,001422012345     | :2: mac '001422012345' is not six hex pairs joined by '-' or ':' (like 02-1A-3F-9C-00-07)",
            // CSV syntax
            "token,password\\nt1,\"abc       | :2: unterminated quote in column 2 (a quoted cell must end on the same line)",
            "token,password\\nt1,\"a\"b      | :2: unexpected 'b' after the closing quote in column 2",
            "token,password\\nt1,a\"b        | :2: stray '\"' in column 2; quote the whole cell and double the quotes inside (\"a\"\"b\")",
            // nothing there
            "``                              | : no tokens found (expected one token per line, optional header 'token,...')",
            "\\n \\n\\r\\n                   | : no tokens found (expected one token per line, optional header 'token,...')",
            "\uFEFFtoken,mac\\n\\n           | : no tokens found (expected one token per line, optional header 'token,...')",
    })
    void rejects(String content, String expected) throws IOException {
        String text = content.replace("\\n", "\n").replace("\\r", "\r").replace("\\t", "\t").replace("\\0", "\0");
        assertEquals(expected, reject(text));
    }

    @Test
    void certAndKeyAreRelativeToTheTokenFilesDirectory() throws IOException {
        Path rig = Files.createDirectories(dir.resolve("rig"));
        Path absolute = dir.resolve("elsewhere/fleet.crt").toAbsolutePath();
        Path file = Files.writeString(rig.resolve("tokens.csv"), "token,cert,key,model\n"
                + "t1,clients/t1.crt,clients/t1.key\n"
                + "t2,\"" + absolute + "\",../keys/t2.key,M\n"
                + "t3\n"
                + "t4,,,M\n");
        List<TokenEntry> entries = TokenFile.load(file);

        assertEquals(new TokenEntry(2, "t1", null, null, null, null, null, rig.resolve("clients/t1.crt"),
                rig.resolve("clients/t1.key")), entries.get(0));
        assertEquals(absolute, entries.get(1).cert());
        assertEquals(rig.resolve("../keys/t2.key"), entries.get(1).key());
        assertEquals("M", entries.get(1).model());
        // no columns or empty cells: no certificate of its own
        assertEquals(new TokenEntry(4, "t3", null, null, null, null, null), entries.get(2));
        assertFalse(entries.get(2).hasCertificate());
        assertNull(entries.get(3).cert());
        assertNull(entries.get(3).key());
        assertTrue(entries.get(0).hasCertificate());
    }

    @Test
    void certAndKeyOfATokenFileInTheWorkingDirectoryStayAsWritten() throws IOException {
        List<TokenEntry> entries = TokenFile.read(new java.io.BufferedReader(new java.io.StringReader(
                "token,key,cert\nt1,certs/t1.key,certs/t1.crt\n")), "tokens.csv");
        assertEquals(Path.of("certs/t1.crt"), entries.get(0).cert());
        assertEquals(Path.of("certs/t1.key"), entries.get(0).key());
        // and relative to a token file named without a directory: the same
        Path here = Path.of("target", "token-file-test", "here.csv");
        Files.createDirectories(here.getParent());
        Files.writeString(here, "token,cert,key\nt1,a.crt,a.key\n");
        assertEquals(here.resolveSibling("a.crt"), TokenFile.load(here).get(0).cert());
    }

    @Test
    void theSevenFieldEntryHasNoCertificate() {
        TokenEntry entry = new TokenEntry(3, "t", "c", "u", "p", "02-00-00-00-00-01", "m");
        assertNull(entry.cert());
        assertNull(entry.key());
        assertThrows(IllegalArgumentException.class,
                () -> new TokenEntry(3, "t", null, null, null, null, null, Path.of("a.crt"), null));
    }

    @Test
    void longBadTokensAreCutInMessages() throws IOException {
        String token = "x".repeat(100) + "/";
        assertEquals(":1: token '" + "x".repeat(60) + "...' contains '/'", reject(token));
    }

    @Test
    void invalidUtf8NamesTheLine() throws IOException {
        Path p = dir.resolve("bad.csv");
        Files.write(p, new byte[]{'t', 'o', 'k', '1', '\n', 't', (byte) 0xC3, '(', '\n'});
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TokenFile.load(p));
        assertEquals(p + ":2: not valid UTF-8 text (save the file as UTF-8)", e.getMessage());
    }

    @Test
    void missingFile() {
        Path p = dir.resolve("nope.csv");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TokenFile.load(p));
        assertEquals(p + ": no such file", e.getMessage());
    }

    @Test
    void directoryIsNotReadable() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TokenFile.load(dir));
        assertEquals(dir + ": cannot read: is a directory", e.getMessage());
    }

    @Test
    void usesThePathAsGiven() throws IOException {
        Path relative = Path.of("target", "token-file-test", "rel.csv");
        Files.createDirectories(relative.getParent());
        Files.writeString(relative, "a/b\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TokenFile.load(relative));
        assertEquals(relative + ":1: token 'a/b' contains '/'", e.getMessage());
    }
}
