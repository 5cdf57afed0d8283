package dev.kpcload.tls;

import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * A throw-away certificate authority for rigs and tests: a self-signed CA, then a server certificate and client
 * certificates it signs. Every certificate gets a serial unique within this PKI (a random prefix, so two PKIs
 * differ, and a counter, so no two of one PKI collide), which a server that maps certificates to endpoints by
 * issuer and serial relies on. Not thread-safe: one PKI issues from one thread.
 */
public final class TestPki {

    /** A random prefix of this many bits keeps serials of different PKIs apart; the counter takes 32 more. */
    private static final int SERIAL_PREFIX_BITS = 62;

    private final KeyType keyType;
    private final Validity validity;
    private final SecureRandom random;
    private final BigInteger serialPrefix;
    private final CertifiedKey ca;
    private final X500Name caName;
    private long issued;

    private TestPki(KeyType keyType, Validity validity, SecureRandom random, String caCommonName) {
        this.keyType = keyType;
        this.validity = validity;
        this.random = random;
        // shifted so that the serial stays positive, non-zero and at most 20 bytes, as RFC 5280 asks
        this.serialPrefix = new BigInteger(SERIAL_PREFIX_BITS, random).setBit(SERIAL_PREFIX_BITS).shiftLeft(32);
        this.caName = name(caCommonName);
        KeyPair caKeys = keyType.generate(random);
        X509v3CertificateBuilder builder = builder(caName, caName, caKeys.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensionUtils().createSubjectKeyIdentifier(caKeys.getPublic()));
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot encode a CA extension", e);
        }
        this.ca = new CertifiedKey(sign(builder, caKeys), caKeys.getPrivate());
    }

    /** Makes a new CA named {@code caCommonName}; all keys, the CA's too, are of {@code keyType}. */
    public static TestPki create(KeyType keyType, Validity validity, SecureRandom random, String caCommonName) {
        return new TestPki(keyType, validity, random, caCommonName);
    }

    public CertifiedKey ca() {
        return ca;
    }

    /**
     * A server certificate for TLS servers (serverAuth) with the DNS names and IP addresses as subject
     * alternative names, which is what clients check host names against; its CN is the first name, for people.
     */
    public CertifiedKey server(List<String> dnsNames, List<InetAddress> addresses) {
        if (dnsNames.isEmpty() && addresses.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs a DNS name or an IP address");
        }
        List<GeneralName> names = new ArrayList<>();
        dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
        addresses.forEach(a -> names.add(new GeneralName(GeneralName.iPAddress, new DEROctetString(a.getAddress()))));
        String commonName = dnsNames.isEmpty() ? addresses.get(0).getHostAddress() : dnsNames.get(0);
        return leaf(commonName, KeyPurposeId.id_kp_serverAuth, new GeneralNames(names.toArray(GeneralName[]::new)));
    }

    /** A client certificate (clientAuth) whose subject CN is the endpoint token, as KPC reads it. */
    public CertifiedKey client(String token) {
        return leaf(token, KeyPurposeId.id_kp_clientAuth, null);
    }

    private CertifiedKey leaf(String commonName, KeyPurposeId purpose, GeneralNames altNames) {
        KeyPair keys = keyType.generate(random);
        X509v3CertificateBuilder builder = builder(caName, name(commonName), keys.getPublic());
        // RSA key exchange (TLS 1.2 RSA suites) encrypts with the key; ECDSA and TLS 1.3 only sign
        int usage = KeyUsage.digitalSignature | (keyType == KeyType.RSA ? KeyUsage.keyEncipherment : 0);
        try {
            JcaX509ExtensionUtils utils = extensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    utils.createSubjectKeyIdentifier(keys.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    utils.createAuthorityKeyIdentifier(ca.certificate()));
            if (altNames != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, altNames);
            }
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode an extension for " + commonName, e);
        }
        return new CertifiedKey(sign(builder, new KeyPair(ca.certificate().getPublicKey(), ca.key())),
                keys.getPrivate());
    }

    private X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey publicKey) {
        BigInteger serial = serialPrefix.add(BigInteger.valueOf(++issued));
        return new JcaX509v3CertificateBuilder(issuer, serial, Date.from(validity.notBefore()),
                Date.from(validity.notAfter()), subject, publicKey);
    }

    private X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKeys) {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(keyType.signatureAlgorithm())
                    .setSecureRandom(random).build(issuerKeys.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a certificate with " + keyType.signatureAlgorithm(), e);
        }
    }

    /** Built from parts, not parsed: a token may hold a comma, '=' or '+', which the builder escapes. */
    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    private static JcaX509ExtensionUtils extensionUtils() {
        try {
            return new JcaX509ExtensionUtils();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no SHA-1 for key identifiers", e);
        }
    }
}
