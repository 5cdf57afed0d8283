package dev.kpcload.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;

import java.util.function.ToDoubleFunction;

/**
 * Memory of the allocator every channel uses ({@link ByteBufAllocator#DEFAULT}: in Netty 4.2 the adaptive
 * allocator, not {@code PooledByteBufAllocator.DEFAULT}). Same name and tags as Micrometer's
 * {@code NettyAllocatorMetrics} ({@code netty_allocator_memory_used}), with HELP text, which
 * {@code promtool check metrics} requires and that binder does not give.
 */
final class NettyMemoryMetrics implements MeterBinder {

    private final ByteBufAllocator allocator;

    NettyMemoryMetrics(ByteBufAllocator allocator) {
        this.allocator = allocator;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        if (!(allocator instanceof ByteBufAllocatorMetricProvider provider)) {
            return;
        }
        ByteBufAllocatorMetric metric = provider.metric();
        gauge(registry, metric, "heap", ByteBufAllocatorMetric::usedHeapMemory);
        gauge(registry, metric, "direct", ByteBufAllocatorMetric::usedDirectMemory);
    }

    private void gauge(MeterRegistry registry, ByteBufAllocatorMetric metric, String memoryType,
                       ToDoubleFunction<ByteBufAllocatorMetric> value) {
        // a strong reference to the allocator's metric: gauges hold their object weakly
        Gauge.builder("netty.allocator.memory.used", metric, value)
            .tags(Tags.of("allocator.type", allocator.getClass().getSimpleName(), "id", "default",
                "memory.type", memoryType))
            .description("Bytes Netty's allocator holds from the OS for the buffers of every connection")
            .baseUnit("bytes").strongReference(true).register(registry);
    }
}
