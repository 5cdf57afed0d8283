package dev.kpcload.run;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Lets Ctrl-C, SIGTERM or a test ask a run to stop early and gracefully. */
public final class RunControl {

    private final CountDownLatch stop = new CountDownLatch(1);

    public void requestStop() {
        stop.countDown();
    }

    public boolean stopRequested() {
        return stop.getCount() == 0;
    }

    /** Waits up to {@code nanos}; true when a stop was requested. */
    public boolean awaitStopFor(long nanos) throws InterruptedException {
        return stop.await(nanos, TimeUnit.NANOSECONDS);
    }
}
