package dev.kpcload.sim;

import dev.kpcload.kp.KpTopics;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * The endpoint a client certificate authenticates, as KPC finds it: by issuer and serial in a
 * {@link CertificateMap}, or without a map the token in the subject's CN (exactly one CN, a valid token).
 */
final class CertificateEndpoints {

    private final CertificateMap map;

    /** @param map the map, or null to take the CN */
    CertificateEndpoints(CertificateMap map) {
        this.map = map;
    }

    Optional<String> endpointOf(X509Certificate certificate) {
        if (map != null) {
            return map.endpointOf(certificate);
        }
        return commonName(certificate).filter(KpTopics::isValidToken);
    }

    /** Why {@link #endpointOf} found none, for the refusal's message. */
    String whyUnknown(X509Certificate certificate) {
        if (map != null) {
            return "certificate not in the certificate map (" + IssuerSerial.of(certificate).describe() + ")";
        }
        return commonName(certificate).map(cn -> "the certificate's CN '" + cn + "' is not an endpoint token")
            .orElse("the certificate's subject has not exactly one CN ('" + certificate.getSubjectX500Principal()
                + "')");
    }

    boolean mapped() {
        return map != null;
    }

    /** The subject's one CN, or empty when it has none or several. */
    static Optional<String> commonName(X509Certificate certificate) {
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        RDN[] names = subject.getRDNs(BCStyle.CN);
        if (names.length != 1 || names[0].isMultiValued()) {
            return Optional.empty();
        }
        ASN1Encodable value = names[0].getFirst().getValue();
        return value instanceof ASN1String text ? Optional.of(text.getString()) : Optional.empty();
    }
}
