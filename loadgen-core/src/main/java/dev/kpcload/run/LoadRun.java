package dev.kpcload.run;

import dev.kpcload.result.RunSummary;
import dev.kpcload.client.DeviceSession;
import dev.kpcload.client.ConnectionTls;
import dev.kpcload.client.FleetContext;
import dev.kpcload.client.Lane;
import dev.kpcload.client.StormDrop;
import dev.kpcload.client.Workload;
import dev.kpcload.metrics.LatencyStreams;
import io.netty.util.concurrent.Future;
import dev.kpcload.fleet.Device;
import dev.kpcload.metrics.IntervalListener;
import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencyRecorders;
import dev.kpcload.metrics.LatencyTotals;
import dev.kpcload.metrics.RunCounters;
import dev.kpcload.metrics.RunGauges;
import dev.kpcload.metrics.RunPhase;
import dev.kpcload.result.RunOutcome;
import dev.kpcload.metrics.TimelinePoint;
import org.HdrHistogram.Histogram;
import dev.kpcload.net.NettyTransport;
import dev.kpcload.plan.NanoClock;
import dev.kpcload.plan.Schedule;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One run, start to end: connect the fleet on its connect plan, carry out the message plan, wait the grace
 * period, close the books, disconnect, and sum it all up. Stopping early (Ctrl-C) takes the same path from
 * wherever the run is, so nothing already measured is lost.
 */
public final class LoadRun {

    /** Lead time so that every lane has its plan before the first intended time. */
    private static final long START_LEAD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final List<Device> devices;
    private final RunConfig config;
    private final RunControl control;
    private final PrintStream out;
    private final NanoClock clock = NanoClock.SYSTEM;
    private final RunCounters counters;
    private final LatencyRecorders recorders;
    private final LatencyTotals totals;
    private final List<ScheduledStorm> storms = new ArrayList<>();
    private final java.util.Map<String, Object> describedConfig = new java.util.LinkedHashMap<>();
    private final RunGauges gauges = new RunGauges();
    private final List<IntervalListener> intervalListeners = new ArrayList<>();
    private List<TimelinePoint> timeline = List.of();
    /** A plan decided step by step (the capacity search), or null for the configured message plan. */
    private SteppedPlan stepped;
    private StepCollector stepCollector;
    private volatile List<Lane> lanes = List.of();
    private volatile long runStartNanos;
    /** When the message plan began (its first intended send); 0 before. */
    private volatile long publishStartNanos;
    private ConnectionTls tls = ConnectionTls.PLAIN;
    /** The wall clock against the run's clock: given with a start time, else read when the run starts. */
    private ClockMapping clockMapping;
    /** With a start time ({@code --start-at}): where both plans begin on the run's clock; null without one. */
    private Anchor anchor;

    /** The connect plan's start and the message plan's, on the run's clock. */
    private record Anchor(long connectStartNanos, long publishStartNanos) {
    }

    public LoadRun(List<Device> devices, RunConfig config, RunControl control, PrintStream out) {
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("no devices");
        }
        this.devices = List.copyOf(devices);
        this.config = config;
        // one stream per kind of the mix, measured and warm-up
        int streams = LatencyStreams.count(config.load().publish().mix().size());
        this.counters = new RunCounters(streams);
        this.recorders = new LatencyRecorders(streams);
        this.totals = new LatencyTotals(recorders);
        this.control = control;
        this.out = out;
    }

    /** Connects over TLS this way (plain TCP unless set); set before {@link #execute()}. */
    public LoadRun tls(ConnectionTls connectionTls) {
        this.tls = connectionTls;
        return this;
    }

    /**
     * Anchors the connect plan at {@code startNanos} and the message plan {@code publishOffsetNanos} after it, both
     * on the run's clock, instead of when the run and its connect phase are ready: shards given the same start time
     * are in phase. A start already past is kept (the plans are never re-timed); set before {@link #execute()}.
     */
    public LoadRun anchoredAt(ClockMapping mapping, long startNanos, long publishOffsetNanos) {
        this.clockMapping = mapping;
        this.anchor = new Anchor(startNanos, startNanos + publishOffsetNanos);
        return this;
    }

    /** Adds an entry to the configuration the summary reports (token file, seed, ...). */
    public LoadRun describe(String key, Object value) {
        describedConfig.put(key, value);
        return this;
    }

    public RunCounters counters() {
        return counters;
    }

    /** The tags of the mix's kinds, in the mix's order: a stream's kind index points here. */
    public List<String> kindTags() {
        return config.load().publish().mix().stream().map(m -> m.kind().tag()).toList();
    }

    public RunGauges gauges() {
        return gauges;
    }

    /** Where latencies are recorded; a test may wrap its writers here before {@link #execute()}. */
    public LatencyRecorders recorders() {
        return recorders;
    }

    /**
     * Publishes step by step as {@code plan} decides, over the fleet connected once, instead of the configured
     * message plan; set before {@link #execute()}.
     */
    public LoadRun stepped(SteppedPlan plan) {
        this.stepped = plan;
        return this;
    }

    /** Hears of every report interval (and the last, partial one); add before {@link #execute()}. */
    public LoadRun onInterval(IntervalListener listener) {
        intervalListeners.add(listener);
        return this;
    }

    /** Every device's session, read-only after {@link #execute()} (what each meter reported, for checks). */
    public List<DeviceSession> sessions() {
        List<DeviceSession> all = new ArrayList<>();
        lanes.forEach(l -> all.addAll(l.sessions()));
        all.sort(java.util.Comparator.comparingInt(s -> s.device().index()));
        return all;
    }

    /** The report intervals of the run; after {@link #execute()}. */
    public List<TimelinePoint> timeline() {
        return timeline;
    }

    /**
     * The run's books as they stand now, for the journal: called on the reporter's thread (whose latency totals
     * are then up to date), from an interval listener.
     */
    RunSummary snapshot() {
        long now = clock.nanoTime();
        long publishStart = publishStartNanos;
        double publishSeconds = publishStart == 0 || now < publishStart ? 0 : (now - publishStart) / 1e9;
        return new SummaryBuilder(counters, totals, config, describedConfig, devices.size()).tls(tls.enabled())
            .snapshot(publishSeconds, NettyTransport.best().name(), (now - runStartNanos) / 1e9);
    }

    /** The whole run's latency distributions (nanoseconds); after {@link #execute()}. */
    public Histogram total(LatencyKind kind) {
        return totals.total(kind);
    }

    /**
     * The whole run's measured distributions by the interval log's tags: {@code status}, and with two or more kinds
     * {@code status.dcx-json} too; after {@link #execute()}.
     */
    public java.util.Map<String, Histogram> totalsByTag() {
        java.util.Map<String, Histogram> byTag = new java.util.LinkedHashMap<>();
        List<String> kinds = kindTags();
        for (LatencyKind kind : LatencyKind.values()) {
            byTag.put(kind.tag(), totals.total(kind));
            if (kind.ofMessage() && kinds.size() > 1) {
                for (int k = 0; k < kinds.size(); k++) {
                    byTag.put(kind.tag() + "." + kinds.get(k), totals.stream(kind, LatencyStreams.of(k, false)));
                }
            }
        }
        return byTag;
    }

    /** When the message plan began, seconds from the run's start; NaN before it began. */
    double publishStartSeconds() {
        long start = publishStartNanos;
        return start == 0 ? Double.NaN : (start - runStartNanos) / 1e9;
    }

    /** Each kind's share of the plan (its mix weight over the sum). */
    java.util.Map<String, Double> kindShares() {
        var mix = config.load().publish().mix();
        double total = mix.stream().mapToInt(m -> m.weight()).sum();
        java.util.Map<String, Double> shares = new java.util.LinkedHashMap<>();
        mix.forEach(m -> shares.merge(m.kind().tag(), m.weight() / total, Double::sum));
        return shares;
    }

    public RunSummary execute() throws InterruptedException {
        NettyTransport transport = NettyTransport.best();
        EventLoopGroup group = transport.newGroup(config.ioThreads(), "loadgen-io", true);
        long runStart = clock.nanoTime();
        runStartNanos = runStart;
        if (clockMapping == null) {
            clockMapping = ClockMapping.capture(java.time.Clock.systemUTC(), clock);
        }
        if (anchor != null && stepped == null && !config.load().publish().none()) {
            firstIntendedSend(config.load().publish().anchor(anchor.publishStartNanos(), config.seed()));
        }
        CountDownLatch resolved = new CountDownLatch(devices.size());
        gauges.targetDevices(devices.size());
        totals.sampleInterval(); // empty: starts the first interval (and the interval log's first line) now
        List<IntervalListener> listeners = new ArrayList<>(intervalListeners);
        if (stepped != null) {
            stepCollector = new StepCollector(new WindowMeasurer(counters, kindTags(), kindShares(),
                this::publishStartSeconds));
            listeners.add(stepCollector);
        }
        ProgressReporter progress = new ProgressReporter(counters, gauges, totals, out,
            config.reportInterval().toNanos(), runStart, listeners);
        if (anchor != null) {
            // every shard's intervals on one grid from the start time: interval i is the same span on each
            progress.anchoredTo(new IntervalGrid(anchor.connectStartNanos(), config.reportInterval().toNanos()));
        }
        try {
            List<Lane> lanes = createLanes(group, transport, resolved);
            this.lanes = lanes;
            progress.start();
            boolean stopped = connectPhase(lanes, resolved);
            long connected = counters.connectedNow.sum();
            RunOutcome outcome;
            PublishWindow window = PublishWindow.NONE;
            if (connected == 0) {
                outcome = stopped ? RunOutcome.STOPPED : RunOutcome.NO_DEVICE_CONNECTED;
            } else if (stepped != null) {
                window = stopped ? PublishWindow.NONE : steppedPhase(lanes, progress);
                stopped |= window.stopped();
                outcome = stopped ? RunOutcome.STOPPED : RunOutcome.COMPLETED;
                progress.phase(RunPhase.GRACE);
                awaitGrace();
            } else if (config.load().publish().none()) {
                outcome = stopped ? RunOutcome.STOPPED : RunOutcome.COMPLETED; // the CONNACK reports were the plan
                progress.phase(RunPhase.GRACE);
                awaitGrace();
            } else {
                window = stopped ? PublishWindow.NONE : publishPhase(lanes, progress);
                stopped |= window.stopped();
                outcome = stopped ? RunOutcome.STOPPED : RunOutcome.COMPLETED;
                progress.phase(RunPhase.GRACE);
                awaitGrace();
            }
            progress.phase(RunPhase.CLOSING);
            long[] books = closeBooks(lanes);
            progress.stop();
            timeline = progress.timeline();
            double elapsed = (clock.nanoTime() - runStart) / 1e9;
            double firstSend = gauges.firstIntendedSendSeconds();
            // here, not when it became known: the reporter's thread reads this map for its snapshots meanwhile
            describedConfig.put("firstIntendedSendUnixSeconds", Double.isNaN(firstSend) ? null : firstSend);
            return new SummaryBuilder(counters, totals, config, describedConfig, devices.size()).tls(tls.enabled())
                .build(outcome, books[0], window.seconds(), transport.name(), elapsed, stormResults());
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }

    private List<Lane> createLanes(EventLoopGroup group, NettyTransport transport, CountDownLatch resolved) {
        Workload workload = new Workload(config.load().publish().mix(), config.seed(),
            Workload.epochOffsetNanos(clock.nanoTime()));
        FleetContext context = new FleetContext(config.session(), counters, recorders, clock, resolved::countDown,
            FleetContext.seededLaneRandoms(config.seed()), workload, tls);
        Bootstrap bootstrap = new Bootstrap()
            .channel(transport.socketChannel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, false)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) Math.min(Integer.MAX_VALUE, config.session().connectTimeoutNanos() / 1_000_000));
        if (!config.sourceAddresses().isEmpty()) {
            // with a source address, pick the port at connect time (per destination), not at bind time
            transport.bindAddressWithoutPort(bootstrap);
        }
        List<Lane> lanes = new ArrayList<>();
        for (EventExecutor executor : group) {
            lanes.add(new Lane((EventLoop) executor, bootstrap, config.endpoints(), context));
        }
        for (Device device : devices) {
            lanes.get(device.index() % lanes.size()).add(device);
        }
        return lanes;
    }

    /** Connects every device on the connect plan; true when a stop was requested meanwhile. */
    private boolean connectPhase(List<Lane> lanes, CountDownLatch resolved) throws InterruptedException {
        long start = anchor != null ? anchor.connectStartNanos() : clock.nanoTime() + START_LEAD_NANOS;
        Schedule plan = config.load().connect().anchor(start, devices.size(), config.seed());
        for (Lane lane : lanes) {
            lane.startConnecting(plan, devices.size());
        }
        while (!resolved.await(POLL_NANOS, TimeUnit.NANOSECONDS)) {
            if (control.stopRequested()) {
                long now = clock.nanoTime();
                lanes.forEach(l -> l.stopAt(now));
                return true;
            }
        }
        return control.stopRequested();
    }

    /** Carries out the message plan over the devices connected now. */
    private PublishWindow publishPhase(List<Lane> lanes, ProgressReporter progress) throws InterruptedException {
        PublishTargets targets = targets(lanes);
        long ready = clock.nanoTime() + START_LEAD_NANOS;
        long start = anchor != null ? anchor.publishStartNanos() : ready;
        if (ready > start) {
            out.printf(java.util.Locale.ROOT, "start: the message plan began %.3f s after its intended start (the"
                + " devices connected late); latencies count from the intended times%n", (ready - start) / 1e9);
        }
        Schedule plan = config.load().publish().anchor(start, config.seed());
        publishStartNanos = start;
        firstIntendedSend(plan);
        progress.publishing(plan, start);
        scheduleStorms(lanes, start, plan.endNanos());
        boolean stopped = carryOut(lanes, targets, plan);
        long end = stopped ? Math.min(plan.endNanos(), stopTimeOf(lanes)) : plan.endNanos();
        return new PublishWindow(Math.max(0, end - start) / 1e9, stopped);
    }

    /**
     * Carries out a {@link SteppedPlan}: each step ramps and settles (warm-up), measures, and drains before the next
     * is asked for; report intervals are cut at each step's edges so that its values are its own.
     *
     * @return the measure stages' time in all, as the summary's publish window
     */
    private PublishWindow steppedPhase(List<Lane> lanes, ProgressReporter progress) throws InterruptedException {
        PublishTargets targets = targets(lanes);
        double measuredSeconds = 0;
        SteppedPlan.Step step;
        while (!control.stopRequested() && (step = stepped.next()) != null) {
            progress.cut();
            stepCollector.begin();
            long start = clock.nanoTime() + START_LEAD_NANOS;
            Schedule plan = stepPlan(step, start);
            if (publishStartNanos == 0) {
                publishStartNanos = start;
                firstIntendedSend(plan);
            }
            progress.publishing(plan, start);
            boolean stopped = carryOut(lanes, targets, plan);
            long measureStart = start + step.rampNanos() + step.settleNanos();
            long end = stopped ? Math.min(plan.endNanos(), stopTimeOf(lanes)) : plan.endNanos();
            measuredSeconds += Math.max(0, end - measureStart) / 1e9;
            progress.phase(RunPhase.GRACE);
            boolean drained = drain();
            progress.cut();
            StepCollector.Collected collected = stepCollector.end();
            double planned = step.ratePerSecond() * Math.max(0, end - measureStart) / 1e9;
            stepped.measured(new SteppedPlan.StepMeasurement(step, collected.sum().withPlanned(planned),
                collected.windows(), seconds(start), seconds(measureStart), seconds(clock.nanoTime()), drained));
            if (stopped) {
                return new PublishWindow(measuredSeconds, true);
            }
        }
        return new PublishWindow(measuredSeconds, control.stopRequested());
    }

    /** Exports and reports the unix time of the plan's first intended send. */
    private void firstIntendedSend(Schedule plan) {
        double unix = clockMapping.epochSecondsOf(plan.intendedNanos(0));
        gauges.firstIntendedSendSeconds(unix);
    }

    private double seconds(long nanos) {
        return (nanos - runStartNanos) / 1e9;
    }

    /** A step's plan: a ramp from the previous step's rate and a settling hold (both warm-up), then the measured hold. */
    private Schedule stepPlan(SteppedPlan.Step step, long start) {
        var publish = config.load().publish();
        return new LoadSpec.PublishSpec(step.profile(), 0, publish.poisson(), publish.mix())
            .anchor(start, config.seed() + step.index());
    }

    /** Waits until nothing is in flight or queued (every message settled), up to the response timeout and a second. */
    private boolean drain() throws InterruptedException {
        long deadline = clock.nanoTime() + config.session().responseTimeoutNanos() + TimeUnit.SECONDS.toNanos(1);
        while (counters.inFlightEstimate() + counters.queuedEstimate() > 0) {
            if (clock.nanoTime() >= deadline || control.stopRequested()) {
                return false;
            }
            Thread.sleep(POLL_NANOS / 1_000_000);
        }
        return true;
    }

    /** The connected devices, in slot order per lane: a message plan's targets. */
    private PublishTargets targets(List<Lane> lanes) {
        int fleetSize = 0;
        List<int[]> slotsPerLane = new ArrayList<>();
        List<DeviceSession[]> targetsPerLane = new ArrayList<>();
        // global slot = rank among connected devices in fleet order; lanes hold every L-th device, so slots
        // of one lane are increasing
        int[] rank = new int[devices.size()];
        List<DeviceSession> all = new ArrayList<>();
        lanes.forEach(l -> all.addAll(l.sessions()));
        all.sort((a, b) -> Integer.compare(a.device().index(), b.device().index()));
        for (DeviceSession session : all) {
            rank[session.device().index()] = session.isConnectedForPlan() ? fleetSize++ : -1;
        }
        for (Lane lane : lanes) {
            List<DeviceSession> targets = lane.sessions().stream().filter(DeviceSession::isConnectedForPlan).toList();
            slotsPerLane.add(targets.stream().mapToInt(s -> rank[s.device().index()]).toArray());
            targetsPerLane.add(targets.toArray(new DeviceSession[0]));
        }
        return new PublishTargets(fleetSize, slotsPerLane, targetsPerLane);
    }

    private record PublishTargets(int fleetSize, List<int[]> slotsPerLane, List<DeviceSession[]> targetsPerLane) {
    }

    /** Runs a plan on every lane until each has emitted its share; true when a stop was requested meanwhile. */
    private boolean carryOut(List<Lane> lanes, PublishTargets targets, Schedule plan) throws InterruptedException {
        CountDownLatch lanesDone = new CountDownLatch(lanes.size());
        for (int i = 0; i < lanes.size(); i++) {
            lanes.get(i).startPublishing(plan, targets.slotsPerLane().get(i), targets.targetsPerLane().get(i),
                targets.fleetSize(), config.load().publish().fleetMix(targets.fleetSize()), lanesDone::countDown);
        }
        boolean stopped = false;
        while (!lanesDone.await(POLL_NANOS, TimeUnit.NANOSECONDS)) {
            if (control.stopRequested() && !stopped) {
                stopped = true;
                long now = clock.nanoTime();
                lanes.forEach(l -> l.stopNow(now));
            }
        }
        return stopped;
    }

    /** Each storm of the plan, on every lane at its time (a lane drops its own share of the devices). */
    private void scheduleStorms(List<Lane> lanes, long publishStart, long planEnd) {
        List<LoadSpec.StormSpec> specs = config.load().storms();
        for (int s = 0; s < specs.size(); s++) {
            LoadSpec.StormSpec spec = specs.get(s);
            long at = publishStart + spec.atNanos();
            if (at >= planEnd) {
                continue;
            }
            List<Future<StormDrop>> drops = new ArrayList<>();
            for (Lane lane : lanes) {
                drops.add(lane.dropConnectionsAt(at, spec.share(), config.seed() + s));
            }
            storms.add(new ScheduledStorm(spec, drops));
        }
    }

    /** What each storm did, once the books are closed. */
    private List<RunSummary.Storm> stormResults() {
        List<RunSummary.Storm> results = new ArrayList<>();
        for (ScheduledStorm storm : storms) {
            long dropped = 0;
            long pending = 0;
            long firstDrop = Long.MAX_VALUE;
            long lastBack = Long.MIN_VALUE;
            for (Future<StormDrop> f : storm.drops()) {
                StormDrop drop = f.isSuccess() ? f.getNow() : null;
                if (drop == null || drop.dropped() == 0) {
                    continue;
                }
                dropped += drop.dropped();
                pending += drop.pending();
                firstDrop = Math.min(firstDrop, drop.droppedAtNanos());
                lastBack = Math.max(lastBack, drop.lastBackNanos());
            }
            Double back = dropped > 0 && pending == 0 ? (lastBack - firstDrop) / 1e9 : null;
            results.add(new RunSummary.Storm(storm.spec().atNanos() / 1e9, dropped, dropped - pending, back));
        }
        return results;
    }

    private record ScheduledStorm(LoadSpec.StormSpec spec, List<Future<StormDrop>> drops) {
    }

    private static long stopTimeOf(List<Lane> lanes) {
        return lanes.stream().mapToLong(Lane::stopAtNanos).min().orElse(Long.MAX_VALUE);
    }

    /** Waits for in-flight and queued messages, up to the grace period or a (further) stop request. */
    private void awaitGrace() throws InterruptedException {
        long deadline = clock.nanoTime() + config.grace().toNanos();
        while (counters.inFlightEstimate() + counters.queuedEstimate() > 0 && clock.nanoTime() < deadline) {
            Thread.sleep(POLL_NANOS / 1_000_000);
        }
    }

    /** Returns {in flight, queued} summed over all lanes. */
    private static long[] closeBooks(List<Lane> lanes) throws InterruptedException {
        long inFlight = 0;
        long queued = 0;
        for (Lane lane : lanes) {
            Lane.LaneBooks books = lane.closeBooks().await().getNow();
            inFlight += books.inFlight();
            queued += books.queued();
        }
        // let the DISCONNECTs go out before the loops shut down
        for (Lane lane : lanes) {
            lane.awaitClosed(TimeUnit.SECONDS.toNanos(5));
        }
        return new long[] {inFlight, queued};
    }

    private record PublishWindow(double seconds, boolean stopped) {
        static final PublishWindow NONE = new PublishWindow(0, false);
    }
}
