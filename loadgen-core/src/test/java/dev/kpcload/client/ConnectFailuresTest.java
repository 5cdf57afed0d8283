package dev.kpcload.client;

import io.netty.channel.ConnectTimeoutException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;

import static org.junit.jupiter.api.Assertions.*;

class ConnectFailuresTest {

    @Test
    void namesFailuresByKind() {
        assertEquals("refused", ConnectFailures.classify(new ConnectException("Connection refused: /127.0.0.1:1")));
        assertEquals("connect_error", ConnectFailures.classify(new ConnectException("Network is unreachable")));
        assertEquals("tcp_timeout", ConnectFailures.classify(new ConnectTimeoutException("connection timed out")));
        assertEquals("no_route", ConnectFailures.classify(new NoRouteToHostException("No route to host")));
        assertEquals("unknown_host", ConnectFailures.classify(new UnknownHostException("kpc.example")));
        assertEquals("too_many_open_files", ConnectFailures.classify(new SocketException("Too many open files")));
        assertEquals("too_many_open_files",
            ConnectFailures.classify(new ConnectException("connect(..) failed: Too many open files")));
        assertEquals("no_free_local_port",
            ConnectFailures.classify(new BindException("Cannot assign requested address")));
        assertEquals("io_error", ConnectFailures.classify(new IOException("Connection reset by peer")));
        assertEquals("io_error", ConnectFailures.classify(new IOException((String) null)));
        assertEquals("connect_error", ConnectFailures.classify(new ConnectException()));
    }
}
