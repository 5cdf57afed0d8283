package dev.kpcload.sim;

import dev.kpcload.net.NettyTransport;
import dev.kpcload.InvalidInputException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A stand-in for Kaa's KPC: an MQTT 3.1.1 server speaking 1/KP with the EPMX (10/EPMP) and DCX (2/DCP)
 * extensions, for load generator runs without a Kaa cluster and for end-to-end tests.
 *
 * <pre>{@code
 * try (KpcSimulator sim = KpcSimulator.start(SimConfig.loopback(0))) {
 *     int port = sim.address().getPort();
 *     ...
 *     System.out.println(sim.stats().formatLine());
 * }
 * }</pre>
 */
public final class KpcSimulator implements AutoCloseable {

    /** Connect storms of thousands: keep them in the accept queue rather than refusing them. */
    static final int BACKLOG = 4096;

    private final SimConfig config;
    private final SimCounters counters;
    private final MetadataStore metadata;
    private final DcxStore dcx;
    private final EventLoopGroup acceptor;
    private final EventLoopGroup group;
    private final ChannelGroup clients;
    private final Channel serverChannel;
    private final String transportName;
    private final AtomicBoolean closed = new AtomicBoolean();

    private KpcSimulator(SimConfig config, SimCounters counters, MetadataStore metadata, DcxStore dcx,
                         EventLoopGroup acceptor, EventLoopGroup group,
                         ChannelGroup clients, Channel serverChannel, String transportName) {
        this.config = config;
        this.counters = counters;
        this.metadata = metadata;
        this.dcx = dcx;
        this.acceptor = acceptor;
        this.group = group;
        this.clients = clients;
        this.serverChannel = serverChannel;
        this.transportName = transportName;
    }

    /**
     * Binds and starts serving.
     *
     * @throws InvalidInputException when the address cannot be bound, e.g. the port is in use
     */
    public static KpcSimulator start(SimConfig config) {
        NettyTransport transport = NettyTransport.best();
        SimCounters counters = new SimCounters();
        MetadataStore metadata = new MetadataStore();
        DcxStore dcx = new DcxStore();
        KpRequestRouter router = KpRequestRouter.standard(config, metadata, dcx, counters);
        // accepting on its own thread keeps the listen queue drained in a connect storm, whatever the clients do
        EventLoopGroup acceptor = transport.newGroup(1, "kpc-sim-accept", false);
        EventLoopGroup group = transport.newGroup(config.ioThreads(), "kpc-sim", false);
        ChannelGroup clients = new DefaultChannelGroup("kpc-sim-clients", GlobalEventExecutor.INSTANCE);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor, group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new SimChannelInitializer(config, counters, router, clients));
        Channel server;
        try {
            server = bootstrap.bind(config.bindHost(), config.port()).syncUninterruptibly().channel();
        } catch (Exception e) {
            acceptor.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
            throw new InvalidInputException("cannot listen on " + config.bindHost() + ":" + config.port() + ": "
                    + reason(e));
        }
        return new KpcSimulator(config, counters, metadata, dcx, acceptor, group, clients, server,
                transport.name());
    }

    private static String reason(Throwable e) {
        String message = e.getMessage();
        String text = message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
        return text.replaceAll("\\s+", " ").trim();
    }

    /** Connections accepted so far, by the client's IP address. */
    public java.util.Map<String, Long> connectionsBySourceAddress() {
        return counters.connectionsBySource.snapshot();
    }

    /** Exports the simulator's counters ({@code kpcsim_*}) to a registry. */
    public void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
        SimMeters.register(registry, counters);
    }

    /** The bound address: with port 0 in the configuration, the port actually picked. */
    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public SimConfig config() {
        return config;
    }

    /** {@code epoll} or {@code nio}. */
    public String transportName() {
        return transportName;
    }

    /** The counters now; cheap enough to call every second. */
    public SimStats stats() {
        return counters.snapshot();
    }

    /** The EPMX metadata the endpoints reported. */
    public MetadataStore metadata() {
        return metadata;
    }

    /** The DCX data the endpoints sent, per token: sample counts, last timestamp and energy, counter decreases. */
    public DcxStore dcxStore() {
        return dcx;
    }

    /** Blocks until {@link #close()} was called (from another thread) and finished. */
    public void awaitClosed() throws InterruptedException {
        acceptor.terminationFuture().await();
        group.terminationFuture().await();
    }

    /** Stops listening, closes every client connection, shuts the event loops down and waits for them. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        serverChannel.close().syncUninterruptibly();
        clients.close().awaitUninterruptibly();
        acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
