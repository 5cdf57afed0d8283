package dev.kpcload.sim;

import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Carries out a {@link FaultPlan} on one executor (the simulator's acceptor thread): each fault's occurrences at
 * their times from an origin, windows switched on and off in the {@link FaultState}, one-shot faults done to the
 * connections open at that moment. Which connections a share picks is drawn from the seed, the fault's place in
 * the plan and the occurrence, among the connections that completed CONNECT, in accept order.
 */
final class FaultScheduler {

    private final FaultPlan plan;
    private final FaultState state;
    private final SimCounters counters;
    private final SimControl control;
    private final EventExecutor executor;
    private final long seed;
    private final List<ScheduledFuture<?>> pending = new ArrayList<>();
    private long originNanos;
    private boolean cancelled;

    FaultScheduler(FaultPlan plan, FaultState state, SimCounters counters, SimControl control,
                   EventExecutor executor, long seed) {
        this.plan = plan;
        this.state = state;
        this.counters = counters;
        this.control = control;
        this.executor = executor;
        this.seed = seed;
    }

    /** Schedules every fault from now. */
    FaultScheduler start() {
        executor.execute(() -> {
            originNanos = now();
            for (int i = 0; i < plan.faults().size(); i++) {
                scheduleOccurrence(i, 0);
            }
        });
        return this;
    }

    /** Cancels what has not struck yet (windows in force stay as they are: the simulator is closing). */
    void cancel() {
        executor.execute(() -> {
            cancelled = true;
            pending.forEach(f -> f.cancel(false));
            pending.clear();
        });
    }

    private long now() {
        return executor.ticker().nanoTime();
    }

    private void later(long atNanos, Runnable task) {
        if (cancelled) {
            return;
        }
        pending.removeIf(java.util.concurrent.Future::isDone);
        pending.add(executor.schedule(() -> {
            if (!cancelled) {
                task.run();
            }
        }, Math.max(0, atNanos - now()), TimeUnit.NANOSECONDS));
    }

    private void scheduleOccurrence(int index, long n) {
        Fault fault = plan.faults().get(index);
        long start = fault.timing().startOf(n);
        if (start < 0) {
            return;
        }
        later(originNanos + start, () -> {
            strike(index, n, fault);
            scheduleOccurrence(index, n + 1);
        });
    }

    private void strike(int index, long n, Fault fault) {
        long now = now();
        long duration = fault.timing().forNanos();
        long end = now + duration;
        SplittableRandom random = new SplittableRandom(ConnectionState.mix(seed ^ (index * 0x5DEECE66DL), n));
        if (fault instanceof Fault.Stall) {
            counters.faultStalls.increment();
            state.stall(end);
            control.accepting(false);
            eachConnection(ch -> ReadGate.of(ch).block(ReadGate.STALL));
            later(end, () -> {
                state.unstall();
                control.accepting(true);
                eachConnection(ch -> ReadGate.of(ch).unblock(ReadGate.STALL));
            });
        } else if (fault instanceof Fault.ErrorReplies errors) {
            state.errorReplies(errors);
            if (duration > 0) {
                later(end, () -> state.endErrorReplies(errors));
            }
        } else if (fault instanceof Fault.RefuseConnects refuse) {
            state.refuseConnects(refuse);
            if (duration > 0) {
                later(end, () -> state.endRefuseConnects(refuse));
            }
        } else if (fault instanceof Fault.DropConnections drop) {
            if (drop.share() > 0) {
                pick(drop.share(), random).forEach(this::drop);
            } else {
                dropAtRate(drop, random, now, duration > 0 ? end : Long.MAX_VALUE, 0);
            }
        } else if (fault instanceof Fault.HalfOpen halfOpen) {
            pick(halfOpen.share(), random)
                    .forEach(ch -> ch.eventLoop().execute(() -> HalfOpenHandler.strike(ch, counters)));
        } else if (fault instanceof Fault.SlowReader slow) {
            state.slowReader(slow.bytesPerSecond());
            eachConnection(ch -> ReadGate.of(ch).reevaluate());
            if (duration > 0) {
                later(end, () -> {
                    state.slowReader(0);
                    eachConnection(ch -> ReadGate.of(ch).reevaluate());
                });
            }
        } else if (fault instanceof Fault.Restart) {
            counters.restarts.increment();
            counters.restartClosed.add(control.connections().size());
            control.stopListening();
            later(end, control::listenAgain);
        }
    }

    /** Drop number {@code k} of a rate window, at {@code from + k / rate}: never re-timed from when it ran. */
    private void dropAtRate(Fault.DropConnections drop, SplittableRandom random, long from, long until, long k) {
        long at = from + Math.round(k * 1e9 / drop.perSecond());
        if (at >= until) {
            return;
        }
        later(at, () -> {
            List<Channel> one = pick(Double.MIN_VALUE, random);
            one.forEach(this::drop);
            dropAtRate(drop, random, from, until, k + 1);
        });
    }

    private void drop(Channel channel) {
        counters.faultDrops.increment();
        channel.close();
    }

    /** round(share x connected) connections, at least one when any is connected, drawn from {@code random}. */
    private List<Channel> pick(double share, SplittableRandom random) {
        List<Channel> connected = new ArrayList<>();
        for (Channel ch : control.connections()) {
            ConnectionState s = ConnectionState.of(ch);
            if (s != null && s.connected() && !s.halfOpen() && ch.isActive()) {
                connected.add(ch);
            }
        }
        if (connected.isEmpty()) {
            return List.of();
        }
        int count = (int) Math.max(1, Math.min(connected.size(), Math.round(share * connected.size())));
        for (int i = 0; i < count; i++) { // a partial Fisher-Yates shuffle: the first count are the pick
            int j = i + random.nextInt(connected.size() - i);
            Channel t = connected.get(i);
            connected.set(i, connected.get(j));
            connected.set(j, t);
        }
        return List.copyOf(connected.subList(0, count));
    }

    private void eachConnection(java.util.function.Consumer<Channel> action) {
        for (Channel ch : control.connections()) {
            ch.eventLoop().execute(() -> {
                if (ReadGate.of(ch) != null) {
                    action.accept(ch);
                }
            });
        }
    }
}
