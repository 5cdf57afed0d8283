package dev.kpcload.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;

/** Two {@code EmbeddedChannel}s with TLS handlers talking: records moved across until both are quiet. */
public final class TlsPump {

    private TlsPump() {
    }

    /** Moves every pending record from one side to the other until both are quiet. */
    public static void pump(EmbeddedChannel a, EmbeddedChannel b) {
        boolean moved = true;
        while (moved) {
            moved = move(a, b) | move(b, a);
        }
    }

    private static boolean move(EmbeddedChannel from, EmbeddedChannel to) {
        boolean moved = false;
        for (ByteBuf buf = from.readOutbound(); buf != null; buf = from.readOutbound()) {
            to.writeInbound(buf);
            moved = true;
        }
        return moved;
    }
}
