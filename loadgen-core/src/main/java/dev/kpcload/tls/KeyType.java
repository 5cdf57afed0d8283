package dev.kpcload.tls;

import dev.kpcload.InvalidInputException;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;

/** The key algorithm of generated certificates: ECDSA P-256 (the default: fast handshakes) or RSA 2048. */
public enum KeyType {
    EC("ec", "SHA256withECDSA"),
    RSA("rsa", "SHA256withRSA");

    private final String flagValue;
    private final String signatureAlgorithm;

    KeyType(String flagValue, String signatureAlgorithm) {
        this.flagValue = flagValue;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** {@code ec} or {@code rsa}, any case; {@code flag} names the option in the message. */
    public static KeyType parse(String text, String flag) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        for (KeyType type : values()) {
            if (type.flagValue.equals(value)) {
                return type;
            }
        }
        throw new InvalidInputException(flag + ": expected ec or rsa, found '" + text + "'");
    }

    /** The algorithm a certificate whose issuer holds a key of this type is signed with. */
    String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    KeyPair generate(SecureRandom random) {
        try {
            // The JDK's own providers: no security provider needs registering, in tests or in the shaded jar.
            KeyPairGenerator generator;
            if (this == EC) {
                generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            } else {
                generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048, random);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate " + this + " keys", e);
        }
    }

    @Override
    public String toString() {
        return flagValue;
    }
}
