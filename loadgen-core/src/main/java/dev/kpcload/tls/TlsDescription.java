package dev.kpcload.tls;

import java.util.stream.Collectors;

/** The run header's line on TLS: versions, provider, what is verified, which client certificates. */
public final class TlsDescription {

    private TlsDescription() {
    }

    public static String of(TlsSettings settings, ClientContexts contexts) {
        String versions = settings.versions().stream().map(TlsVersion::protocolName).collect(Collectors.joining(","));
        String provider = switch (contexts.providerChoice().provider()) {
            case OPENSSL, OPENSSL_REFCNT -> "OpenSSL";
            case JDK -> "JDK";
        };
        String trust;
        if (settings.insecure()) {
            trust = "server NOT verified (--tls-insecure)";
        } else {
            trust = "server verified against " + (settings.caFile() == null ? "the JVM's trust store"
                : settings.caFile()) + (settings.verifyHostname() ? ", host names checked" : ", host names not checked");
        }
        int identities = contexts.contextCount();
        String client = settings.certsDir() != null || identities > 1
            ? identities + " client identit" + (identities == 1 ? "y" : "ies") + (settings.certsDir() != null
                ? " from " + settings.certsDir() : " from the token file")
            : settings.fleetIdentity().isNone() ? "no client certificate"
            : "client certificate " + settings.fleetIdentity().certChain();
        String groups = contexts.providerChoice().provider() == io.netty.handler.ssl.SslProvider.JDK
            ? "the JVM's key exchange groups" : "key exchange " + TlsGroup.names(settings.openSslGroups());
        return versions + " via " + provider + "; " + groups + "; " + trust + "; " + client;
    }
}
