package dev.kpcload.client;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Where devices connect and from where: device {@code i} connects to server {@code i mod servers} from source
 * address {@code i mod sources} (the kernel's choice when there are none). Several servers stand for the nodes of
 * a KPC cluster; several source addresses lift the limit of one address's ephemeral ports.
 */
public record Endpoints(List<InetSocketAddress> servers, List<InetAddress> sources) {

    public Endpoints {
        servers = List.copyOf(servers);
        sources = List.copyOf(sources);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("at least one server");
        }
    }

    public static Endpoints of(List<InetSocketAddress> servers) {
        return new Endpoints(servers, List.of());
    }

    public InetSocketAddress server(int deviceIndex) {
        return servers.get(deviceIndex % servers.size());
    }

    /** The source address of a device, or null to let the kernel choose. */
    public InetAddress source(int deviceIndex) {
        return sources.isEmpty() ? null : sources.get(deviceIndex % sources.size());
    }
}
