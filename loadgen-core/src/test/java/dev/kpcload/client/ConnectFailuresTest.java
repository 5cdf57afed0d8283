package dev.kpcload.client;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;

import static org.junit.jupiter.api.Assertions.*;

class ConnectFailuresTest {

    /** The tag a failure is counted under. */
    private static String tag(Throwable cause) {
        return ConnectFailures.classify(cause).tag();
    }

    @Test
    void namesFailuresByKind() {
        assertEquals("refused", tag(new ConnectException("Connection refused: /127.0.0.1:1")));
        assertEquals("connect_error", tag(new ConnectException("Network is unreachable")));
        assertEquals("tcp_timeout", tag(new ConnectTimeoutException("connection timed out")));
        assertEquals("no_route", tag(new NoRouteToHostException("No route to host")));
        assertEquals("unknown_host", tag(new UnknownHostException("kpc.example")));
        assertEquals("too_many_open_files", tag(new SocketException("Too many open files")));
        assertEquals("too_many_open_files",
            tag(new ConnectException("connect(..) failed: Too many open files")));
        assertEquals("no_free_local_port",
            tag(new BindException("Cannot assign requested address")));
        assertEquals("io_error", tag(new IOException("Connection reset by peer")));
        assertEquals("io_error", tag(new IOException((String) null)));
        assertEquals("connect_error", tag(new ConnectException()));
    }

    @Test
    void namesRefusingConnacksByTheirReturnCode() {
        assertEquals("connack_not_authorized",
            ConnectFailures.ofConnack(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED).tag());
        assertEquals("connack_bad_user_name_or_password",
            ConnectFailures.ofConnack(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD).tag());
        // an MQTT 5 reason code, which a 3.1.1 server should not send
        assertEquals("connack_other", ConnectFailures.ofConnack(MqttConnectReturnCode.CONNECTION_REFUSED_BANNED).tag());
        // every 3.1.1 refusal has its own kind, named after the code as it always was
        for (MqttConnectReturnCode code : MqttConnectReturnCode.values()) {
            if (code.byteValue() >= 1 && code.byteValue() <= 5) {
                assertEquals("connack_" + code.name().toLowerCase().replace("connection_refused_", ""),
                    ConnectFailures.ofConnack(code).tag());
            }
        }
    }

    @Test
    void everyTlsFailureIsAConnectFailureOfTheSameName() {
        for (dev.kpcload.tls.TlsFailure kind : dev.kpcload.tls.TlsFailure.values()) {
            assertEquals(kind.metricName(), ConnectFailures.ofTls(kind).tag());
        }
    }
}
