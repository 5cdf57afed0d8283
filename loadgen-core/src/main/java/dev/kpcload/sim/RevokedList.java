package dev.kpcload.sim;

import dev.kpcload.InvalidInputException;
import dev.kpcload.IoReason;
import dev.kpcload.tls.PemFiles;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Revoked client certificates, refused at the handshake. The file is one of:
 * <ul>
 *   <li>a CRL in PEM ({@code -----BEGIN X509 CRL-----}, as {@code openssl ca -gencrl} writes it): its entries, by
 *       the CRL's issuer and serial (the CRL's signature is not checked: this is a test bench);</li>
 *   <li>PEM certificates ({@code -----BEGIN CERTIFICATE-----}): exactly those, by issuer and serial;</li>
 *   <li>serial numbers in hex, one a line ({@code 1A2B3C}, {@code 1a:2b:3c}, or {@code serial=1A2B3C} as
 *       {@code openssl x509 -serial -noout} prints it); blank lines and lines starting with {@code #} are skipped.
 *       A serial matches whatever CA issued it.</li>
 * </ul>
 */
final class RevokedList {

    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");

    private final Set<IssuerSerial> exact;
    private final Set<BigInteger> serials;

    private RevokedList(Set<IssuerSerial> exact, Set<BigInteger> serials) {
        this.exact = Set.copyOf(exact);
        this.serials = Set.copyOf(serials);
    }

    static final RevokedList NONE = new RevokedList(Set.of(), Set.of());

    boolean contains(X509Certificate certificate) {
        return serials.contains(certificate.getSerialNumber()) || exact.contains(IssuerSerial.of(certificate));
    }

    int size() {
        return exact.size() + serials.size();
    }

    static RevokedList load(Path file) {
        byte[] bytes = bytes(file);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (text.contains("-----BEGIN X509 CRL-----")) {
            return crl(file, bytes);
        }
        if (text.contains("-----BEGIN")) {
            Set<IssuerSerial> exact = new HashSet<>();
            for (X509Certificate certificate : PemFiles.readCertificates(file)) {
                exact.add(IssuerSerial.of(certificate));
            }
            return new RevokedList(exact, Set.of());
        }
        return serials(file, text);
    }

    private static RevokedList crl(Path file, byte[] bytes) {
        Set<IssuerSerial> exact = new HashSet<>();
        try {
            for (var crl : CertificateFactory.getInstance("X.509").generateCRLs(new ByteArrayInputStream(bytes))) {
                X509CRL x509 = (X509CRL) crl;
                String issuer = IssuerSerial.canonical(x509.getIssuerX500Principal());
                if (x509.getRevokedCertificates() != null) {
                    for (X509CRLEntry entry : x509.getRevokedCertificates()) {
                        String entryIssuer = entry.getCertificateIssuer() == null ? issuer
                            : IssuerSerial.canonical(entry.getCertificateIssuer());
                        exact.add(new IssuerSerial(entryIssuer, entry.getSerialNumber()));
                    }
                }
            }
        } catch (CertificateException | CRLException | RuntimeException e) {
            throw new InvalidInputException(file + ": a CRL that cannot be read: " + oneLine(e));
        }
        return new RevokedList(exact, Set.of());
    }

    private static RevokedList serials(Path file, String text) {
        Set<BigInteger> serials = new HashSet<>();
        int number = 0;
        for (String line : text.split("\r?\n", -1)) {
            number++;
            String value = line.strip();
            if (value.isEmpty() || value.startsWith("#")) {
                continue;
            }
            String hex = value;
            if (hex.toLowerCase(Locale.ROOT).startsWith("serial=")) {
                hex = hex.substring("serial=".length());
            }
            if (hex.startsWith("0x") || hex.startsWith("0X")) {
                hex = hex.substring(2);
            }
            hex = hex.replace(":", "");
            if (!HEX.matcher(hex).matches()) {
                throw new InvalidInputException(file + ":" + number + ": expected a serial number in hex (like"
                    + " 1A2B3C, 1a:2b:3c or serial=1A2B3C), a CRL or PEM certificates, found '" + shown(value) + "'");
            }
            serials.add(new BigInteger(hex, 16));
        }
        return new RevokedList(Set.of(), serials);
    }

    private static byte[] bytes(Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw new InvalidInputException(file + ": cannot read: is a directory");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + IoReason.of(e));
        }
    }

    private static String shown(String value) {
        String printable = value.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 60 ? printable.substring(0, 60) + "..." : printable;
    }

    private static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s+", " ").strip();
    }
}
