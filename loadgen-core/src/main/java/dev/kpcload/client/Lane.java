package dev.kpcload.client;

import dev.kpcload.fleet.Device;
import dev.kpcload.metrics.LatencyWriter;
import dev.kpcload.metrics.RunCounters;
import dev.kpcload.kp.SplitMix64;
import dev.kpcload.plan.FleetMix;
import dev.kpcload.plan.LanePacer;
import dev.kpcload.plan.MessageMix;
import dev.kpcload.metrics.LatencyStreams;
import dev.kpcload.plan.NanoClock;
import dev.kpcload.plan.Schedule;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * The devices of one event loop and the pacers that drive them. A lane ticks its own share of the connect plan
 * and of the message plan (see {@link LanePacer}), flushes each channel once per tick, and times out
 * unconfirmed messages; every device of a lane lives on the lane's event loop, so nothing here is locked.
 *
 * <p>Timer slack: where the lane's messages are closer together than the session's timer slack, one repeating
 * task ticks the pacer every slack period and writes every message that fell due since the last tick, so one
 * wakeup writes several messages (whose replies then tend to come back in one wakeup too), no task is allocated
 * per tick, and a message leaves at most about one slack late (measured: send lag, latency from intended time).
 * Where they are further apart, the lane wakes at each message's intended time, as it does with no slack.
 */
public final class Lane {

    private static final long SWEEP_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /**
     * Connects a lane starts per event-loop turn at most. A lane that fell behind its connect plan (a GC pause, the
     * JIT at start) would otherwise start hundreds at once, overflowing a server's accept queue (Mosquitto's holds
     * 100) into SYN drops and one-second retransmits; interleaved with I/O, the catch-up stays a stream. Connect
     * latency is still measured from each device's intended start, so the lateness shows.
     */
    static final int MAX_CONNECTS_PER_TURN = 16;
    /**
     * A lane ticking every slack period goes back to one wakeup per message once its next message is this many
     * slack periods away: hysteresis, so that a plan whose gaps hover around the slack (Poisson arrivals) does not
     * switch on every message.
     */
    static final int SPARSE_AFTER_SLACKS = 4;

    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final Endpoints endpoints;
    private final FleetContext context;
    /** This loop's own latency recorders: no other thread writes them. */
    private final LatencyWriter latencies;
    private final List<DeviceSession> sessions = new ArrayList<>();
    private final ArrayList<Publisher> touched = new ArrayList<>();
    /** This loop's own random source (reconnect jitter): drawn on the loop only, so it needs no lock. */
    private final RandomGenerator random;
    private volatile long stopAtNanos = Long.MAX_VALUE;
    private Runnable publishTickTask;
    /** The publish tick repeating every timer slack while the lane's plan is dense; null while it is not. */
    private io.netty.util.concurrent.ScheduledFuture<?> slackTicks;
    private boolean publishDone;
    /** Reconnect storms of this lane, settled when the books close. */
    private final List<StormDrop> storms = new ArrayList<>();

    public Lane(EventLoop loop, Bootstrap bootstrap, Endpoints endpoints, FleetContext context) {
        this.loop = loop;
        this.bootstrap = bootstrap.clone(loop);
        this.endpoints = endpoints;
        this.context = context;
        this.latencies = context.latencies().newWriter();
        this.random = context.laneRandoms().get();
    }

    /** Adds a device before the lane starts; call from one thread before {@link #startConnecting}. */
    public DeviceSession add(Device device) {
        DeviceSession session = new DeviceSession(device, this);
        sessions.add(session);
        return session;
    }

    public List<DeviceSession> sessions() {
        return sessions;
    }

    SessionSettings settings() {
        return context.settings();
    }

    Workload workload() {
        return context.workload();
    }

    RunCounters counters() {
        return context.counters();
    }

    LatencyWriter latencies() {
        return latencies;
    }

    NanoClock clock() {
        return context.clock();
    }

    RandomGenerator random() {
        return random;
    }

    void deviceResolved() {
        context.onDeviceResolved().run();
    }

    ChannelFuture connect(DeviceSession session) {
        int index = session.device().index();
        InetSocketAddress server = endpoints.server(index);
        Bootstrap b = bootstrap.clone().handler(new ClientChannelInitializer(session, context.tls(), server));
        InetAddress source = endpoints.source(index);
        return source == null ? b.connect(server) : b.connect(server, new InetSocketAddress(source, 0));
    }

    io.netty.util.concurrent.ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        return loop.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }

    void touched(Publisher publisher) {
        touched.add(publisher);
    }

    /** Flushes every channel written to since the last flush: one flush per channel per batch. */
    void flushTouched() {
        for (int i = 0; i < touched.size(); i++) {
            touched.get(i).flushNow();
        }
        touched.clear();
    }

    /** Connects the lane's devices on the shared connect plan; device {@code i} is connect number {@code i}. */
    public void startConnecting(Schedule connectPlan, int fleetSize) {
        int[] slots = sessions.stream().mapToInt(s -> s.device().index()).toArray();
        LanePacer pacer = new LanePacer(connectPlan, slots, fleetSize, fleetSize);
        loop.execute(() -> {
            connectTick(pacer);
            sweepTick();
        });
    }

    private void connectTick(LanePacer pacer) {
        long next = pacer.tick(clock().nanoTime(), stopAtNanos, (i, k, intended) -> sessions.get(i).connect(intended),
            MAX_CONNECTS_PER_TURN);
        flushTouched();
        scheduleTick(next, () -> connectTick(pacer));
    }

    /**
     * Starts this lane's share of the message plan.
     *
     * @param slots    the global slots of {@code targets}, increasing
     * @param targets  the lane's sessions that take part, in slot order
     * @param onDone   runs on the loop when the lane has emitted its whole share
     */
    public void startPublishing(Schedule plan, int[] slots, DeviceSession[] targets, int fleetSize,
                                Runnable onDone) {
        startPublishing(plan, slots, targets, fleetSize, new FleetMix(new MessageMix(1), fleetSize), onDone);
    }

    /**
     * Starts this lane's share of the message plan, each message of the kind {@code mix} says and in the warm-up
     * stream when the plan says so at its intended time.
     */
    public void startPublishing(Schedule plan, int[] slots, DeviceSession[] targets, int fleetSize, FleetMix mix,
                                Runnable onDone) {
        LanePacer pacer = new LanePacer(plan, slots, fleetSize, Long.MAX_VALUE);
        Schedule view = plan.forLane();
        // one sink for the whole plan: nothing is allocated per tick
        LanePacer.Sink sink = (i, k, intended) ->
            targets[i].offer(intended, LatencyStreams.of(mix.kindOf(k), view.warmupAt(intended)));
        loop.execute(() -> {
            publishDone = false; // a stepped plan publishes again after its last step ended
            stopSlackTicks();
            publishTickTask = () -> publishTick(pacer, sink, onDone);
            publishTickTask.run();
        });
    }

    private void publishTick(LanePacer pacer, LanePacer.Sink sink, Runnable onDone) {
        if (publishDone) {
            return;
        }
        long now = clock().nanoTime();
        long next = pacer.tick(now, stopAtNanos, sink);
        flushTouched();
        if (next == LanePacer.DONE) {
            publishDone = true;
            stopSlackTicks();
            onDone.run();
        } else {
            schedulePublishTick(now, next);
        }
    }

    /** The next publish wakeup: the slack period's repeating tick while the plan is dense, else at {@code next}. */
    private void schedulePublishTick(long now, long next) {
        long slack = settings().timerSlackNanos();
        long wait = next - now;
        if (slack > 0 && (wait <= slack || (slackTicks != null && wait <= SPARSE_AFTER_SLACKS * slack))) {
            if (slackTicks == null) {
                // with a fixed delay, not a fixed rate: after a stall one tick catches up, not a burst of them
                slackTicks = loop.scheduleWithFixedDelay(publishTickTask, slack, slack, TimeUnit.NANOSECONDS);
            }
            return;
        }
        stopSlackTicks();
        loop.schedule(publishTickTask, Math.max(0, wait), TimeUnit.NANOSECONDS);
    }

    private void stopSlackTicks() {
        if (slackTicks != null) {
            slackTicks.cancel(false);
            slackTicks = null;
        }
    }

    private void scheduleTick(long nextNanos, Runnable tick) {
        if (nextNanos != LanePacer.DONE) {
            loop.schedule(tick, Math.max(0, nextNanos - clock().nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    private void sweepTick() {
        long writtenBefore = clock().nanoTime() - settings().responseTimeoutNanos();
        for (int i = 0; i < sessions.size(); i++) {
            DeviceSession session = sessions.get(i);
            if (session.hasInflight()) {
                session.expireOlderThan(writtenBefore);
            }
        }
        flushTouched();
        if (stopAtNanos == Long.MAX_VALUE || clock().nanoTime() < stopAtNanos + settings().responseTimeoutNanos()) {
            loop.schedule(this::sweepTick, SWEEP_INTERVAL_NANOS, TimeUnit.NANOSECONDS);
        }
    }

    /** No message intended at or after this time is emitted; connects not yet started are not started. */
    public void stopAt(long nanos) {
        stopAtNanos = Math.min(stopAtNanos, nanos);
    }

    /** Stops now and lets the pacer notice at once, rather than at its next planned tick. */
    public void stopNow(long nanos) {
        stopAt(nanos);
        loop.execute(() -> {
            if (publishTickTask != null) {
                publishTickTask.run();
            }
        });
    }

    public long stopAtNanos() {
        return stopAtNanos;
    }

    /**
     * A reconnect storm: on the lane's loop, closes from this side the connections of {@code share} of the lane's
     * connected devices (rounded), chosen by {@code seed} (the same seed and the same connected devices drop the
     * same ones). Each is counted as a disconnect {@code dropped_by_generator}; what it had in flight fails as
     * {@code connection_lost}, its due messages wait in its backlog; it comes back on its normal way, the first
     * attempt after the jittered backoff, and its time from the drop to the next CONNACK is a
     * {@link dev.kpcload.metrics.LatencyKind#RECONNECT} latency.
     *
     * @param share 0 to 1
     * @return completes once the connections are closing, with the storm's books on this lane
     * @throws IllegalStateException without reconnects: the dropped devices would never come back
     */
    public Future<StormDrop> dropConnections(double share, long seed) {
        return dropConnectionsAt(clock().nanoTime(), share, seed);
    }

    /** As {@link #dropConnections}, at {@code atNanos} (run clock) on the lane's loop: a storm of the plan. */
    public Future<StormDrop> dropConnectionsAt(long atNanos, double share, long seed) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be within 0..1: " + share);
        }
        if (!settings().reconnect().enabled()) {
            throw new IllegalStateException("a reconnect storm needs reconnects: the dropped devices would stay lost");
        }
        Promise<StormDrop> dropped = loop.newPromise();
        loop.schedule(() -> dropped.setSuccess(drop(share, seed)), Math.max(0, atNanos - clock().nanoTime()),
            TimeUnit.NANOSECONDS);
        return dropped;
    }

    private StormDrop drop(double share, long seed) {
        List<DeviceSession> candidates = new ArrayList<>();
        for (DeviceSession session : sessions) {
            if (session.canBeDropped()) {
                candidates.add(session);
            }
        }
        int count = (int) Math.round(share * candidates.size());
        candidates.sort(Comparator.comparingLong(s -> stormRank(seed, s.device().index())));
        StormDrop storm = new StormDrop(clock().nanoTime(), count, loop.newPromise());
        storms.add(storm);
        for (int i = 0; i < count; i++) {
            candidates.get(i).dropForStorm(storm);
        }
        return storm;
    }

    /** A device's place in a storm's order: SplitMix64 of the seed and the device's index. */
    static long stormRank(long seed, int deviceIndex) {
        return SplitMix64.at(seed, deviceIndex);
    }

    /** Waits until every channel of the lane is closed, or the timeout passes. */
    public void awaitClosed(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        for (DeviceSession session : sessions) {
            if (session.channel() != null) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !session.channel().closeFuture().await(left, TimeUnit.NANOSECONDS)) {
                    return;
                }
            }
        }
    }

    /** Closes the books of every device of the lane (on its loop) and disconnects them. */
    public Future<LaneBooks> closeBooks() {
        Promise<LaneBooks> promise = loop.newPromise();
        loop.execute(() -> {
            stopAt(clock().nanoTime());
            long inFlight = 0;
            long queued = 0;
            for (DeviceSession session : sessions) {
                DeviceSession.SessionBooks books = session.closeBooks();
                inFlight += books.inFlight();
                queued += books.queued();
            }
            for (StormDrop storm : storms) {
                storm.settle(); // whoever is not back by now stays pending
            }
            promise.setSuccess(new LaneBooks(inFlight, queued));
        });
        return promise;
    }

    /** Planned messages a lane still held when its books were closed. */
    public record LaneBooks(long inFlight, long queued) {
    }
}
