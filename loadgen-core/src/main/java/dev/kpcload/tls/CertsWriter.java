package dev.kpcload.tls;

import dev.kpcload.InvalidInputException;
import dev.kpcload.IoReason;
import dev.kpcload.fleet.TokenEntry;
import dev.kpcload.fleet.TokenFile;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Makes and writes a rig's certificates: {@code ca.crt}, {@code ca.key}, {@code server.crt}, {@code server.key}
 * and {@code clients/{token}.crt} and {@code .key} for each token; in the columns layout also {@code tokens.csv},
 * the token file again with {@code cert} and {@code key} columns that point at those files. The token file is read
 * (and so checked) before anything is made or written.
 */
public final class CertsWriter {

    /** The token file columns carried over, in the order {@link TokenFile} documents them. */
    private static final List<Carried> CARRIED = List.of(
            new Carried("client_id", TokenEntry::clientId),
            new Carried("username", TokenEntry::username),
            new Carried("password", TokenEntry::password),
            new Carried("mac", TokenEntry::mac),
            new Carried("model", TokenEntry::model));

    public static final String CLIENTS = "clients";
    public static final String TOKEN_FILE = "tokens.csv";

    private record Carried(String header, Function<TokenEntry, String> value) {
    }

    /** What was written, for the command's one line. */
    public record Written(int clients, Path tokenFile) {
    }

    private CertsWriter() {
    }

    public static Written write(CertsRequest request, SecureRandom random) {
        List<TokenEntry> entries = TokenFile.load(request.tokenFile());
        Path newTokenFile = request.out().resolve(TOKEN_FILE);
        if (request.layout() == CertsLayout.COLUMNS && sameFile(newTokenFile, request.tokenFile())) {
            throw new InvalidInputException("--out: " + newTokenFile + " would replace the --tokens file; choose"
                    + " another --out directory");
        }
        TestPki pki = TestPki.create(request.keyType(), request.validity(), random, "kpc-loadgen test CA");
        write(request.out(), "ca", pki.ca());
        write(request.out(), "server", pki.server(request.serverNames(), request.serverAddresses()));
        Path clients = request.out().resolve(CLIENTS);
        for (TokenEntry entry : entries) {
            write(clients, entry.token(), pki.client(entry.token()));
        }
        if (request.layout() == CertsLayout.DIR) {
            return new Written(entries.size(), null);
        }
        writeTokenFile(newTokenFile, entries);
        return new Written(entries.size(), newTokenFile);
    }

    private static void write(Path dir, String name, CertifiedKey issued) {
        PemFileWriter.writeCertificate(dir.resolve(name + ".crt"), issued.certificate());
        PemFileWriter.writePrivateKey(dir.resolve(name + ".key"), issued.key());
    }

    /** The original columns (those any line gives), then {@code cert} and {@code key}. */
    private static void writeTokenFile(Path file, List<TokenEntry> entries) {
        List<Carried> columns = new ArrayList<>();
        for (Carried column : CARRIED) {
            if (entries.stream().anyMatch(e -> column.value().apply(e) != null)) {
                columns.add(column);
            }
        }
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder header = new StringBuilder("token");
            columns.forEach(c -> header.append(',').append(c.header()));
            out.write(header.append(",cert,key\n").toString());
            for (TokenEntry entry : entries) {
                StringBuilder line = new StringBuilder(cell(entry.token()));
                for (Carried column : columns) {
                    String value = column.value().apply(entry);
                    line.append(',').append(value == null ? "" : cell(value));
                }
                // '/' on every system: the file is read on Linux load generators
                line.append(',').append(cell(CLIENTS + "/" + entry.token() + ".crt"))
                        .append(',').append(cell(CLIENTS + "/" + entry.token() + ".key")).append('\n');
                out.write(line.toString());
            }
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot write: " + IoReason.of(e));
        }
    }

    /** Quoted as RFC 4180 says when it holds a comma or a quote, and when white space at its ends would be trimmed. */
    private static String cell(String value) {
        boolean plain = value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.strip().equals(value);
        return plain ? value : '"' + value.replace("\"", "\"\"") + '"';
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) ? Files.isSameFile(a, b)
                    : a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        } catch (IOException e) {
            return false;
        }
    }
}
