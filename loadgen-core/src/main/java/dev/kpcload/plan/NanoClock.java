package dev.kpcload.plan;

/** Monotonic time in nanoseconds; injected so that planning code can be tested with a fake clock. */
@FunctionalInterface
public interface NanoClock {
    NanoClock SYSTEM = System::nanoTime;

    long nanoTime();
}
