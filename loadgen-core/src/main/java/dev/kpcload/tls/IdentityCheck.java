package dev.kpcload.tls;

import dev.kpcload.InvalidInputException;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Reads a client identity's files and checks them as a server would, so that a bad one stops the run before it
 * connects instead of failing 19,000 handshakes: both files readable PEM, the key unencrypted and the
 * certificate's, every certificate of the chain valid now.
 */
final class IdentityCheck {

    private IdentityCheck() {
    }

    /** The parsed files; the time is not judged (for identities asked for on purpose, such as expired ones). */
    static CertifiedKey read(IdentityFiles files) {
        List<X509Certificate> chain;
        try {
            chain = PemFiles.readCertificates(files.cert());
        } catch (InvalidInputException e) {
            throw files.certError(e);
        }
        PrivateKey key;
        try {
            key = PemFiles.readPrivateKey(files.key());
            KeyMatch.check(chain.get(0), key, files.cert().toString(), files.key().toString());
        } catch (InvalidInputException e) {
            throw files.keyError(e);
        }
        return new CertifiedKey(chain, key);
    }

    /** The parsed files, every certificate of the chain valid at {@code now}. */
    static CertifiedKey readValid(IdentityFiles files, Instant now) {
        CertifiedKey read = read(files);
        List<X509Certificate> chain = read.chain();
        for (int i = 0; i < chain.size(); i++) {
            String problem = validity(chain.get(i), now);
            if (problem != null) {
                String which = i == 0 ? "the certificate"
                        : "certificate " + (i + 1) + " of the chain (" + chain.get(i).getSubjectX500Principal() + ")";
                throw files.certError(new InvalidInputException(files.cert() + ": " + which + " " + problem));
            }
        }
        return read;
    }

    /** What is wrong with the certificate's validity at {@code now}, or null. */
    static String validity(X509Certificate certificate, Instant now) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (now.isAfter(notAfter)) {
            return "expired at " + notAfter + " (valid from " + notBefore + "; it is now " + shown(now) + ")";
        }
        if (now.isBefore(notBefore)) {
            return "is not valid yet: valid from " + notBefore + " (it is now " + shown(now)
                    + "; is this machine's clock right?)";
        }
        return null;
    }

    /** To the second, as certificates give their times. */
    static String shown(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
