package dev.kpcload.sim;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttMessage;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** A plain-socket MQTT test client (one thread per client): bytes by Netty's encoder, frames by its decoder. */
final class BlockingMqttClient implements AutoCloseable {

    private final Socket socket = new Socket();
    private final InputStream in;
    private final OutputStream out;
    private final EmbeddedChannel decoder = new EmbeddedChannel(new MqttDecoder(1 << 20));
    private final byte[] readBuffer = new byte[8192];

    BlockingMqttClient(InetSocketAddress server) throws IOException {
        socket.connect(server, 5000);
        socket.setSoTimeout(5000);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    void send(MqttMessage... messages) throws IOException {
        out.write(Mqtt.encodeToBytes(messages));
        out.flush();
    }

    /** The next packet from the server; fails after 5 s or at end of stream. */
    Frame next() throws IOException {
        while (true) {
            Object message = decoder.readInbound();
            if (message != null) {
                return Frame.of((MqttMessage) message);
            }
            int n = in.read(readBuffer);
            if (n < 0) {
                throw new EOFException("server closed the connection");
            }
            decoder.writeInbound(Unpooled.copiedBuffer(readBuffer, 0, n));
        }
    }

    /** True when the server closes the connection within the socket timeout without sending more. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        decoder.finishAndReleaseAll();
        socket.close();
    }
}
