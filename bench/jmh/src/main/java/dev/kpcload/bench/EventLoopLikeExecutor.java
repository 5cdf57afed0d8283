package dev.kpcload.bench;

import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs JMH's benchmark threads as Netty {@code FastThreadLocalThread}s, like the event loops the hot path runs
 * on in a real run. It matters: in Netty 4.2 the pooled allocators keep per-thread caches, and the
 * {@code Recycler} reuses buffer and message objects, only for such threads; on a plain thread every pooled
 * buffer would allocate garbage that a run never does. Selected by the
 * constants below in each {@code @Fork}.
 * (The same approach as Netty's own microbenchmarks' {@code AbstractMicrobenchmark.HarnessExecutor}.)
 */
public final class EventLoopLikeExecutor extends ThreadPoolExecutor {

    public static final String EXECUTOR = "-Djmh.executor=CUSTOM";
    public static final String EXECUTOR_CLASS = "-Djmh.executor.class=dev.kpcload.bench.EventLoopLikeExecutor";
    /** Leak detection samples allocations and records stack traces: off, or -prof gc would count it. */
    public static final String NO_LEAK_DETECTION = "-Dio.netty.leakDetection.level=disabled";

    public EventLoopLikeExecutor(int maxThreads, String prefix) {
        super(maxThreads, maxThreads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
            new DefaultThreadFactory(prefix));
    }
}
