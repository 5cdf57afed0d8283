package dev.kpcload.fuzz;

import dev.kpcload.sim.SimFuzzTarget;
import dev.kpcload.sim.SimFuzzTarget.Place;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fuzz properties can fail: a bug planted in the simulator's pipeline is found by a short seeded loop, as the
 * violation it is. (The real pipelines pass the same loop in {@link SimFuzzTest} and {@link ClientFuzzTest}.)
 */
class FuzzOracleTest {

    /** A deliberate bug, where it goes, and the violation it must show as. */
    enum Planted {
        LEAKS_EVERY_PUBLISH(Place.BEFORE_KP, Violation.BUFFER_LEAKED, () -> new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof MqttPublishMessage p) {
                    p.retain(); // never released
                }
                ctx.fireChannelRead(msg);
            }
        }),
        THROWS_ON_QOS0(Place.BEFORE_KP, Violation.EXCEPTION_ESCAPED, () -> new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof MqttPublishMessage p && p.fixedHeader().qosLevel() == MqttQoS.AT_MOST_ONCE) {
                    p.release();
                    throw new IllegalStateException("planted");
                }
                ctx.fireChannelRead(msg);
            }
        }),
        SWALLOWS_BAD_FRAMES(Place.BEFORE_SESSION, Violation.BAD_FRAME_LEFT_OPEN, () -> new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof MqttMessage m && m.decoderResult().isFailure()) {
                    ReferenceCountUtil.release(msg);
                    return;
                }
                ctx.fireChannelRead(msg);
            }
        }),
        CLOSES_ON_PING_UNCOUNTED(Place.BEFORE_SESSION, Violation.CLOSE_UNEXPLAINED, () -> new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof MqttMessage m && m.decoderResult().isSuccess()
                    && m.fixedHeader().messageType() == MqttMessageType.PINGREQ) {
                    ctx.close();
                    return;
                }
                ctx.fireChannelRead(msg);
            }
        });

        final Place place;
        final Violation shows;
        final Supplier<ChannelHandler> handler;

        Planted(Place place, Violation shows, Supplier<ChannelHandler> handler) {
            this.place = place;
            this.shows = shows;
            this.handler = handler;
        }
    }

    @ParameterizedTest
    @EnumSource(Planted.class)
    void aPlantedBugIsFound(Planted bug) {
        try (SimFuzzTarget target = new SimFuzzTarget(bug.place, bug.handler)) {
            FuzzReport report = FuzzLoop.run(target, 7, 2_000);
            assertTrue(report.violations().getOrDefault(bug.shows, 0L) > 0, report::details);
            assertTrue(report.examples().stream().anyMatch(f -> f.violation() == bug.shows && !f.reads().isEmpty()),
                "a finding carries the input that shows it");
        }
    }
}
