package dev.kpcload.testing;

import dev.kpcload.client.BacklogPolicy;
import dev.kpcload.client.ConfirmMode;
import dev.kpcload.client.SessionSettings;
import dev.kpcload.run.RunConfig;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Run configurations for end-to-end tests. */
public final class RunConfigs {

    private RunConfigs() {
    }

    public static SessionSettings session(ConfirmMode confirm, int qos) {
        return new SessionSettings("demo_application_v1", "epmx", confirm, qos, 10, BacklogPolicy.QUEUE, 1000,
            TimeUnit.SECONDS.toNanos(10), 60, TimeUnit.SECONDS.toNanos(10));
    }

    public static RunConfig run(int port, double rate, Duration duration, double connectRate,
                                SessionSettings session) {
        return new RunConfig(List.of(new InetSocketAddress("127.0.0.1", port)), rate, duration, connectRate, session,
            Duration.ofSeconds(5), Duration.ofSeconds(1), 2);
    }
}
