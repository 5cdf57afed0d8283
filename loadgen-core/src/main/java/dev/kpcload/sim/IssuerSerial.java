package dev.kpcload.sim;

import javax.security.auth.x500.X500Principal;
import java.math.BigInteger;
import java.security.cert.X509Certificate;

/**
 * What identifies a certificate to its CA, and so to KPC: the issuer's name and the serial number the issuer gave
 * it. The issuer is kept in its canonical form (RFC 2253, case and white space folded), so the same name written
 * with other string types or spacing by another tool still matches.
 */
record IssuerSerial(String issuer, BigInteger serial) {

    static IssuerSerial of(X509Certificate certificate) {
        return new IssuerSerial(canonical(certificate.getIssuerX500Principal()), certificate.getSerialNumber());
    }

    static String canonical(X500Principal name) {
        return name.getName(X500Principal.CANONICAL);
    }

    /** For messages: {@code issuer 'cn=test ca', serial 1A2B}. */
    String describe() {
        return "issuer '" + issuer + "', serial " + serial.toString(16).toUpperCase(java.util.Locale.ROOT);
    }
}
