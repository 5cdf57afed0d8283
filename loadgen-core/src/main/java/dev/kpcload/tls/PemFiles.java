package dev.kpcload.tls;

import dev.kpcload.InvalidInputException;
import dev.kpcload.IoReason;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads PEM files: certificates ({@code BEGIN CERTIFICATE}, a chain leaf first) and unencrypted private keys in
 * any of the forms OpenSSL writes: PKCS#8 ({@code BEGIN PRIVATE KEY}), traditional RSA ({@code BEGIN RSA PRIVATE
 * KEY}) and EC ({@code BEGIN EC PRIVATE KEY}, with or without the {@code EC PARAMETERS} block before it).
 *
 * <p>Every problem is an {@link InvalidInputException} with one line that names the file: missing, unreadable,
 * not PEM, holding no certificate or no key, an encrypted key (not supported), a key that does not match its
 * certificate.
 */
public final class PemFiles {

    private PemFiles() {
    }

    /** The certificates of a PEM file, in file order; at least one. */
    public static List<X509Certificate> readCertificates(Path file) {
        List<Object> objects = objects(file);
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (Object object : objects) {
            if (object instanceof X509CertificateHolder holder) {
                try {
                    certificates.add(converter.getCertificate(holder));
                } catch (CertificateException e) {
                    throw new InvalidInputException(file + ": a certificate the JDK cannot read: " + oneLine(e));
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new InvalidInputException(file + ": no certificate in it (expected -----BEGIN CERTIFICATE-----"
                    + found(objects) + ")");
        }
        return certificates;
    }

    /** The one private key of a PEM file (a file with two is refused: which one would be meant?). */
    public static PrivateKey readPrivateKey(Path file) {
        List<Object> objects = objects(file);
        List<PrivateKey> keys = new ArrayList<>();
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        for (Object object : objects) {
            try {
                if (object instanceof PrivateKeyInfo info) {
                    keys.add(converter.getPrivateKey(info));
                } else if (object instanceof PEMKeyPair pair) {
                    keys.add(converter.getKeyPair(pair).getPrivate());
                } else if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new InvalidInputException(file + ": the private key is encrypted, which is not supported"
                            + " (decrypt it: openssl pkey -in " + file + " -out PLAIN.key)");
                }
            } catch (PEMException e) {
                throw new InvalidInputException(file + ": a private key the JDK cannot read: " + oneLine(e));
            }
        }
        if (keys.isEmpty()) {
            throw new InvalidInputException(file + ": no private key in it (expected -----BEGIN PRIVATE KEY-----,"
                    + " RSA PRIVATE KEY or EC PRIVATE KEY" + found(objects) + ")");
        }
        if (keys.size() > 1) {
            throw new InvalidInputException(file + ": " + keys.size() + " private keys in it; expected one");
        }
        return keys.get(0);
    }

    /** A certificate (chain) file and its key file, checked to belong together. */
    public static CertifiedKey readCertifiedKey(Path certificateFile, Path keyFile) {
        List<X509Certificate> chain = readCertificates(certificateFile);
        PrivateKey key = readPrivateKey(keyFile);
        KeyMatch.check(chain.get(0), key, certificateFile.toString(), keyFile.toString());
        return new CertifiedKey(chain, key);
    }

    /** Every PEM object in the file, in order; at least one. */
    private static List<Object> objects(Path file) {
        String text = text(file);
        if (text.isBlank()) {
            throw new InvalidInputException(file + ": empty file (expected PEM text)");
        }
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            Object object;
            while ((object = parser.readObject()) != null) {
                objects.add(object);
            }
        } catch (IOException e) {
            // PEMParser's messages: "unrecognised object: X509 CRL", "malformed PEM data: ..."
            throw new InvalidInputException(file + ": not PEM that can be read: " + oneLine(e));
        }
        if (objects.isEmpty()) {
            throw new InvalidInputException(file + ": not a PEM file (no -----BEGIN ...----- line;"
                    + " a DER file converts with: openssl x509 -inform der, or openssl pkey -inform der)");
        }
        return objects;
    }


    private static String text(Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw new InvalidInputException(file + ": cannot read: is a directory");
            }
            // ISO-8859-1 maps every byte to a char: a binary (DER) file reads without a decoding error and is
            // then reported as not PEM
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + IoReason.of(e));
        }
    }

    /** What the file holds instead, for the message: "; found a private key". */
    private static String found(List<Object> objects) {
        List<String> kinds = new ArrayList<>();
        for (Object object : objects) {
            String kind = kind(object);
            if (kind != null && !kinds.contains(kind)) {
                kinds.add(kind);
            }
        }
        return kinds.isEmpty() ? "" : "; found " + String.join(" and ", kinds);
    }

    private static String kind(Object object) {
        if (object instanceof X509CertificateHolder) {
            return "a certificate";
        }
        if (object instanceof PrivateKeyInfo || object instanceof PEMKeyPair || object instanceof PEMEncryptedKeyPair
                || object instanceof PKCS8EncryptedPrivateKeyInfo) {
            return "a private key";
        }
        if (object instanceof SubjectPublicKeyInfo) {
            return "a public key";
        }
        if (object instanceof ASN1ObjectIdentifier) {
            return "EC parameters";
        }
        return object.getClass().getSimpleName();
    }

    private static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s+", " ").strip();
    }
}
