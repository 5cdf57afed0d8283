package dev.kpcload.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.netty.buffer.PooledByteBufAllocator;

import java.util.function.ToDoubleFunction;

/**
 * Memory of Netty's pooled allocator, which holds every buffer of the generator and the simulator. Same names
 * and tags as Micrometer's {@code NettyAllocatorMetrics} ({@code netty_allocator_memory_used},
 * {@code netty_allocator_memory_pinned}) but with HELP text, which {@code promtool check metrics} requires and
 * that binder does not give.
 */
final class NettyMemoryMetrics implements MeterBinder {

    private final PooledByteBufAllocator allocator;

    NettyMemoryMetrics(PooledByteBufAllocator allocator) {
        this.allocator = allocator;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "netty.allocator.memory.used", "heap", a -> a.metric().usedHeapMemory(),
            "Bytes Netty's pooled allocator holds from the OS");
        gauge(registry, "netty.allocator.memory.used", "direct", a -> a.metric().usedDirectMemory(),
            "Bytes Netty's pooled allocator holds from the OS");
        gauge(registry, "netty.allocator.memory.pinned", "heap", PooledByteBufAllocator::pinnedHeapMemory,
            "Bytes of Netty's pooled allocator in buffers in use");
        gauge(registry, "netty.allocator.memory.pinned", "direct", PooledByteBufAllocator::pinnedDirectMemory,
            "Bytes of Netty's pooled allocator in buffers in use");
    }

    private void gauge(MeterRegistry registry, String name, String memoryType,
                       ToDoubleFunction<PooledByteBufAllocator> value, String help) {
        Gauge.builder(name, allocator, value)
            .tags(Tags.of("allocator.type", "PooledByteBufAllocator", "id", "default", "memory.type", memoryType))
            .description(help).baseUnit("bytes").register(registry);
    }
}
