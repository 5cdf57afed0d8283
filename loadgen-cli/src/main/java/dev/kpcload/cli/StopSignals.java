package dev.kpcload.cli;

import dev.kpcload.run.RunControl;
import sun.misc.Signal;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C and SIGTERM stop a run gracefully (so its summary is still printed and written); a second one aborts.
 * Signal handlers rather than a shutdown hook, because a hook would race the run's own shutdown.
 */
final class StopSignals {

    private StopSignals() {
    }

    static void install(RunControl control, PrintStream err) {
        AtomicInteger count = new AtomicInteger();
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    if (count.incrementAndGet() == 1) {
                        err.println("loadgen: SIG" + name + ": stopping, waiting for replies in flight "
                            + "(press Ctrl-C again to abort without a summary)");
                        control.requestStop();
                    } else {
                        err.println("loadgen: aborted");
                        Runtime.getRuntime().halt(130);
                    }
                });
            } catch (IllegalArgumentException unsupported) {
                // this JVM does not let us handle the signal: the default (immediate exit) stays
            }
        }
    }
}
