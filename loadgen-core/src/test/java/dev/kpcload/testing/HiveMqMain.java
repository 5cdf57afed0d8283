package dev.kpcload.testing;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * The main class of the HiveMQ CE child JVM that {@link HiveMq} starts: builds an {@code EmbeddedHiveMQ} on the
 * given config and data folders, prints {@value #STARTED} once it listens, and stops when its standard input
 * closes (so it never outlives the test JVM). It calls HiveMQ by reflection: HiveMQ (and its Netty 4.1) is on
 * this child's class path only, never on the test class path, which keeps our Netty 4.2.
 */
public final class HiveMqMain {

    public static final String STARTED = "hivemq-main: started";

    private HiveMqMain() {
    }

    public static void main(String[] args) throws Exception {
        Path config = Path.of(args[0]);
        Path data = Path.of(args[1]);
        Path extensions = Path.of(args[2]);
        Class<?> builderType = Class.forName("com.hivemq.embedded.EmbeddedHiveMQBuilder");
        Object builder = Class.forName("com.hivemq.embedded.EmbeddedHiveMQ").getMethod("builder").invoke(null);
        builder = builderType.getMethod("withConfigurationFolder", Path.class).invoke(builder, config);
        builder = builderType.getMethod("withDataFolder", Path.class).invoke(builder, data);
        builder = builderType.getMethod("withExtensionsFolder", Path.class).invoke(builder, extensions);
        Object hivemq = builderType.getMethod("build").invoke(builder);
        Class<?> hivemqType = Class.forName("com.hivemq.embedded.EmbeddedHiveMQ");
        Method start = hivemqType.getMethod("start");
        Method stop = hivemqType.getMethod("stop");
        ((CompletableFuture<?>) start.invoke(hivemq)).join();
        System.out.println(STARTED);
        System.out.flush();
        // the test holds our stdin open; EOF means it closed us or died
        while (System.in.read() >= 0) {
            // nothing to read: stdin is only a lifeline
        }
        ((CompletableFuture<?>) stop.invoke(hivemq)).join();
        System.exit(0);
    }
}
