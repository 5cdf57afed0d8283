package dev.kpcload.sim;

import dev.kpcload.InvalidInputException;
import dev.kpcload.IoReason;
import dev.kpcload.fleet.CsvLine;
import dev.kpcload.kp.KpTopics;
import dev.kpcload.tls.PemFiles;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which endpoint a client certificate authenticates, as KPC keeps it: by the certificate's issuer and serial number.
 *
 * <p>The file is CSV with a header naming at least the columns {@code token} and {@code cert}; other columns are
 * ignored, so the {@code tokens.csv} that {@code loadgen certs} writes (token, ..., cert, key) is a map as it is.
 * {@code cert} is a PEM certificate file, relative to the map file's directory unless absolute; its first
 * certificate is the endpoint's. The issuer and serial are read from each certificate at start. A line with an
 * empty {@code cert} is skipped (that endpoint has no certificate); an endpoint may have several certificates
 * (lines), a certificate only one endpoint. Problems are one line naming the file and line.
 */
final class CertificateMap {

    private static final char BOM = '\uFEFF';

    private final Map<IssuerSerial, String> endpoints;

    private CertificateMap(Map<IssuerSerial, String> endpoints) {
        this.endpoints = Map.copyOf(endpoints);
    }

    static CertificateMap of(Map<IssuerSerial, String> endpoints) {
        return new CertificateMap(endpoints);
    }

    Optional<String> endpointOf(X509Certificate certificate) {
        return Optional.ofNullable(endpoints.get(IssuerSerial.of(certificate)));
    }

    int size() {
        return endpoints.size();
    }

    static CertificateMap load(Path file) {
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(file + ": cannot read: is a directory");
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new InvalidInputException(file + ": not valid UTF-8 text (save the file as UTF-8)");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + IoReason.of(e));
        }
    }

    private static CertificateMap read(BufferedReader in, Path file) throws IOException {
        Path base = file.toAbsolutePath().getParent();
        Map<IssuerSerial, String> endpoints = new HashMap<>();
        Map<IssuerSerial, Integer> lines = new HashMap<>();
        int tokenColumn = -1;
        int certColumn = -1;
        String text;
        int number = 0;
        while ((text = in.readLine()) != null) {
            number++;
            if (number == 1 && !text.isEmpty() && text.charAt(0) == BOM) {
                text = text.substring(1);
            }
            if (text.isBlank()) {
                continue;
            }
            List<String> cells;
            try {
                cells = CsvLine.split(text);
            } catch (CsvLine.Malformed e) {
                throw error(file, number, e.getMessage());
            }
            if (tokenColumn < 0) {
                List<String> names = cells.stream().map(c -> c.strip().toLowerCase(Locale.ROOT)).toList();
                tokenColumn = names.indexOf("token");
                certColumn = names.indexOf("cert");
                if (tokenColumn < 0 || certColumn < 0) {
                    throw error(file, number, "expected a header with the columns token and cert (like the"
                        + " tokens.csv of loadgen certs), found '" + text.strip() + "'");
                }
                continue;
            }
            String token = cells.size() > tokenColumn ? cells.get(tokenColumn) : "";
            String cert = cells.size() > certColumn ? cells.get(certColumn) : "";
            if (cert.isEmpty()) {
                continue;
            }
            if (!KpTopics.isValidToken(token)) {
                throw error(file, number, token.isEmpty() ? "empty token"
                    : "token '" + token + "' is not a valid endpoint token (no '/', '+', '#', NUL or white space)");
            }
            IssuerSerial key = IssuerSerial.of(certificate(file, number, base.resolve(cert)));
            Integer first = lines.putIfAbsent(key, number);
            if (first != null) {
                throw error(file, number, cert + ": the certificate of line " + first + " again ("
                    + key.describe() + "); a certificate authenticates one endpoint");
            }
            endpoints.put(key, token);
        }
        if (tokenColumn < 0) {
            throw new InvalidInputException(file + ": empty file (expected a header with the columns token and cert)");
        }
        if (endpoints.isEmpty()) {
            throw new InvalidInputException(file + ": no certificates in it (every cert cell is empty)");
        }
        return new CertificateMap(endpoints);
    }

    private static X509Certificate certificate(Path file, int line, Path cert) {
        try {
            return PemFiles.readCertificates(cert).get(0);
        } catch (InvalidInputException e) {
            throw error(file, line, e.getMessage());
        }
    }

    private static InvalidInputException error(Path file, int line, String message) {
        return new InvalidInputException(file + ":" + line + ": " + message);
    }
}
