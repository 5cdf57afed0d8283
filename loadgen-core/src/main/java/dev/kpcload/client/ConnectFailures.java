package dev.kpcload.client;

import io.netty.channel.ConnectTimeoutException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;

/** Names a failed connect attempt by kind, for counting. */
final class ConnectFailures {

    private ConnectFailures() {
    }

    static String classify(Throwable cause) {
        String message = String.valueOf(cause.getMessage());
        if (message.contains("Too many open files")) {
            return "too_many_open_files";
        }
        if (message.contains("Cannot assign requested address")) {
            return "no_free_local_port";
        }
        if (cause instanceof ConnectTimeoutException) {
            return "tcp_timeout";
        }
        if (cause instanceof ConnectException) {
            return message.contains("refused") ? "refused" : "connect_error";
        }
        if (cause instanceof NoRouteToHostException) {
            return "no_route";
        }
        if (cause instanceof UnknownHostException) {
            return "unknown_host";
        }
        return "io_error";
    }
}
