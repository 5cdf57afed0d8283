package dev.kpcload.tls;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code loadgen certs} makes: a CA, a server certificate for {@code serverNames} and {@code serverAddresses},
 * and a client certificate for every token of {@code tokenFile}, all written under {@code out}.
 */
public record CertsRequest(Path tokenFile, Path out, List<String> serverNames, List<InetAddress> serverAddresses,
                           KeyType keyType, Validity validity, CertsLayout layout) {

    public CertsRequest {
        serverNames = List.copyOf(serverNames);
        serverAddresses = List.copyOf(serverAddresses);
    }
}
