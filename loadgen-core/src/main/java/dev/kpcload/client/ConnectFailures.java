package dev.kpcload.client;

import dev.kpcload.metrics.ConnectFailure;
import dev.kpcload.tls.TlsFailure;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;

/** Names a failed connect attempt by kind, for counting. */
final class ConnectFailures {

    private ConnectFailures() {
    }

    static ConnectFailure classify(Throwable cause) {
        String message = String.valueOf(cause.getMessage());
        if (message.contains("Too many open files")) {
            return ConnectFailure.TOO_MANY_OPEN_FILES;
        }
        if (message.contains("Cannot assign requested address")) {
            return ConnectFailure.NO_FREE_LOCAL_PORT;
        }
        if (cause instanceof ConnectTimeoutException) {
            return ConnectFailure.TCP_TIMEOUT;
        }
        if (cause instanceof ConnectException) {
            return message.contains("refused") ? ConnectFailure.REFUSED : ConnectFailure.CONNECT_ERROR;
        }
        if (cause instanceof NoRouteToHostException) {
            return ConnectFailure.NO_ROUTE;
        }
        if (cause instanceof UnknownHostException) {
            return ConnectFailure.UNKNOWN_HOST;
        }
        return ConnectFailure.IO_ERROR;
    }

    /** A failed TLS handshake (or a certificate refused right after it) by its kind. */
    static ConnectFailure ofTls(TlsFailure kind) {
        return switch (kind) {
            case UNTRUSTED -> ConnectFailure.TLS_UNTRUSTED;
            case HOSTNAME -> ConnectFailure.TLS_HOSTNAME;
            case EXPIRED -> ConnectFailure.TLS_EXPIRED;
            case PROTOCOL_VERSION -> ConnectFailure.TLS_PROTOCOL_VERSION;
            case HANDSHAKE_TIMEOUT -> ConnectFailure.TLS_HANDSHAKE_TIMEOUT;
            case BAD_CERTIFICATE -> ConnectFailure.TLS_BAD_CERTIFICATE;
            case CLIENT_EXPIRED -> ConnectFailure.TLS_CLIENT_EXPIRED;
            case OTHER -> ConnectFailure.TLS_OTHER;
        };
    }

    /** A refusing CONNACK by its return code; the MQTT 5 codes a 3.1.1 server should not send are "other". */
    static ConnectFailure ofConnack(MqttConnectReturnCode code) {
        return switch (code) {
            case CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION -> ConnectFailure.CONNACK_UNACCEPTABLE_PROTOCOL_VERSION;
            case CONNECTION_REFUSED_IDENTIFIER_REJECTED -> ConnectFailure.CONNACK_IDENTIFIER_REJECTED;
            case CONNECTION_REFUSED_SERVER_UNAVAILABLE -> ConnectFailure.CONNACK_SERVER_UNAVAILABLE;
            case CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD -> ConnectFailure.CONNACK_BAD_USER_NAME_OR_PASSWORD;
            case CONNECTION_REFUSED_NOT_AUTHORIZED -> ConnectFailure.CONNACK_NOT_AUTHORIZED;
            default -> ConnectFailure.CONNACK_OTHER;
        };
    }
}
