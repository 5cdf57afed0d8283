package dev.kpcload.sim;

import dev.kpcload.net.NettyTransport;
import dev.kpcload.InvalidInputException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;

import org.HdrHistogram.Histogram;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
    /** After a restart's down time, how long to wait before trying the port again when it is not free yet. */
    private static final long REBIND_RETRY_MILLIS = 100;

    private final SimConfig config;
    private final SimCounters counters;
    private final MetadataStore metadata;
    private final DcxStore dcx;
    private final EventLoopGroup acceptor;
    private final EventLoopGroup group;
    private final ChannelGroup clients;
    private final ServerBootstrap bootstrap;
    private final InetSocketAddress address;
    private final String transportName;
    private final FaultState faults;
    private final ServiceQueue queue;
    private final ServerTls tls;
    private final List<FaultScheduler> schedulers = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The listener; replaced when a restart listens again, null while it is down. */
    private volatile Channel serverChannel;

    private KpcSimulator(SimConfig config, SimCounters counters, MetadataStore metadata, DcxStore dcx,
                         EventLoopGroup acceptor, EventLoopGroup group, ChannelGroup clients,
                         ServerBootstrap bootstrap, Channel serverChannel, String transportName, FaultState faults,
                         ServiceQueue queue, ServerTls tls) {
        this.config = config;
        this.counters = counters;
        this.metadata = metadata;
        this.dcx = dcx;
        this.acceptor = acceptor;
        this.group = group;
        this.clients = clients;
        this.bootstrap = bootstrap;
        this.serverChannel = serverChannel;
        this.address = (InetSocketAddress) serverChannel.localAddress();
        this.transportName = transportName;
        this.faults = faults;
        this.queue = queue;
        this.tls = tls;
    }

    /**
     * Binds and starts serving; the configuration's fault plan is timed from now. With TLS every file is read first.
     *
     * @throws InvalidInputException when the address cannot be bound, e.g. the port is in use, or a TLS file is
     *                               missing or wrong (the message names it)
     * @throws dev.kpcload.CannotRunException when TLS asks for OpenSSL and it does not load
     */
    public static KpcSimulator start(SimConfig config) {
        ServerTls tls = config.tls() == null ? null : ServerTls.build(config.tls());
        ConnectionPathPreload.run(); // its outcome is checked by its test; the real connections say the rest
        NettyTransport transport = NettyTransport.best();
        SimCounters counters = new SimCounters();
        MetadataStore metadata = new MetadataStore();
        DcxStore dcx = new DcxStore();
        FaultState faults = new FaultState();
        ServiceQueue queue = config.capacity() == null ? null : new ServiceQueue(config.capacity());
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
                .childHandler(new SimChannelInitializer(config, counters, router, clients, faults, queue, tls));
        Channel server;
        try {
            server = bootstrap.bind(config.bindHost(), config.port()).syncUninterruptibly().channel();
        } catch (Exception e) {
            acceptor.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
            throw new InvalidInputException("cannot listen on " + config.bindHost() + ":" + config.port() + ": "
                    + reason(e));
        }
        KpcSimulator sim = new KpcSimulator(config, counters, metadata, dcx, acceptor, group, clients, bootstrap,
                server, transport.name(), faults, queue, tls);
        if (!config.faults().isEmpty()) {
            sim.inject(config.faults());
        }
        return sim;
    }

    /**
     * Injects {@code plan} with its times counted from now (a test can strike when the load reached a point,
     * rather than at a time it guessed). Seeded from the configuration's seed and the number of plans injected.
     */
    public void inject(FaultPlan plan) {
        if (closed.get()) {
            return;
        }
        long seed = ConnectionState.mix(config.seed(), schedulers.size());
        schedulers.add(new FaultScheduler(plan, faults, counters, new Control(), acceptor.next(), seed).start());
    }

    /** PUBLISHes received so far (every QoS): cheaper than {@link #stats()}, for waiting on the load. */
    public long publishesReceived() {
        return counters.publishesQos0.sum() + counters.publishesQos1.sum();
    }

    /** Whether the listener is up (false during a restart's down time). */
    public boolean listening() {
        Channel server = serverChannel;
        return server != null && server.isActive();
    }

    /** What the scheduler may do to this simulator. */
    private final class Control implements SimControl {

        @Override
        public List<Channel> connections() {
            List<Channel> open = new ArrayList<>(clients);
            open.sort(Comparator.comparingLong(ch -> {
                ConnectionState s = ConnectionState.of(ch);
                return s == null ? Long.MAX_VALUE : s.serial();
            }));
            return open;
        }

        @Override
        public void accepting(boolean accept) {
            Channel server = serverChannel;
            if (server != null) {
                server.config().setAutoRead(accept);
            }
        }

        @Override
        public void stopListening() {
            Channel server = serverChannel;
            serverChannel = null;
            if (server != null) {
                server.close();
            }
            clients.close();
        }

        @Override
        public void listenAgain() {
            if (closed.get() || serverChannel != null) {
                return;
            }
            bootstrap.bind(address).addListener((ChannelFuture f) -> {
                if (f.isSuccess()) {
                    if (closed.get()) {
                        f.channel().close();
                    } else {
                        serverChannel = f.channel();
                    }
                } else if (!closed.get()) {
                    acceptor.schedule(this::listenAgain, REBIND_RETRY_MILLIS, TimeUnit.MILLISECONDS);
                }
            });
        }
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
        SimMeters.register(registry, counters, config.capacity(), queue);
    }

    /** The bound address: with port 0 in the configuration, the port actually picked (kept across restarts). */
    public InetSocketAddress address() {
        return address;
    }

    /** The reply delays drawn so far, nanoseconds (a copy). */
    public Histogram injectedDelays() {
        return counters.injectedDelay.copy();
    }

    /** Of the requests the capacity admitted: arrival to end of service, nanoseconds (a copy). */
    public Histogram capacityLatencies() {
        return counters.capacityLatency.copy();
    }

    public SimConfig config() {
        return config;
    }

    /** Whether the listener speaks TLS. */
    public boolean tls() {
        return tls != null;
    }

    /**
     * What TLS does, for the start-up line: {@code TLS via OpenSSL (client certificates required, endpoint from the
     * CN)}; {@code plain MQTT} without TLS.
     */
    public String tlsDescription() {
        return tls == null ? "plain MQTT" : tls.describe();
    }

    /** The line to print when the provider {@code auto} fell back to the JDK; empty otherwise. */
    public java.util.Optional<String> tlsNotice() {
        return tls == null ? java.util.Optional.empty() : tls.notice();
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
        schedulers.forEach(FaultScheduler::cancel);
        Channel server = serverChannel;
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        clients.close().awaitUninterruptibly();
        acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
