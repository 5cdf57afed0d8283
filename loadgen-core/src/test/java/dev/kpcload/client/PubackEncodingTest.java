package dev.kpcload.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PubackEncodingTest {

    @Test
    void pubackBytesAreWhatMqttEncoderMakes() {
        EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
        try {
            for (int packetId : new int[] {1, 255, 256, 4711, 65_535}) {
                assertTrue(encoder.writeOutbound(MqttMessageBuilders.pubAck().packetId(packetId).build()));
                ByteBuf expected = encoder.readOutbound();
                ByteBuf actual = ConfirmationHandler.puback(ByteBufAllocator.DEFAULT, packetId);
                try {
                    assertEquals(ByteBufUtil.hexDump(expected), ByteBufUtil.hexDump(actual), "packet ID " + packetId);
                } finally {
                    expected.release();
                    actual.release();
                }
            }
        } finally {
            encoder.finishAndReleaseAll();
        }
    }
}
