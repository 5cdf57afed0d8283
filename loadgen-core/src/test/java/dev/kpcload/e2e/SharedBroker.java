package dev.kpcload.e2e;

import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * One broker for a test class, started by the first test that needs it rather than in {@code @BeforeAll}: a broker
 * that is not installed then skips (or fails) each test with its message, where a {@code @BeforeAll} abort would only
 * show as "Tests run: 0". The verdict of the first start is kept, so a missing broker is not looked for again.
 */
final class SharedBroker<T extends AutoCloseable> {

    interface Starter<T> {
        T start() throws Exception;
    }

    private T broker;
    private RuntimeException skipped;
    private AssertionFailedError failed;

    synchronized T get(Starter<T> starter) throws Exception {
        if (skipped != null) {
            throw skipped;
        }
        if (failed != null) {
            throw failed;
        }
        if (broker == null) {
            try {
                broker = starter.start();
            } catch (TestAbortedException e) {
                skipped = e;
                throw e;
            } catch (AssertionFailedError e) {
                failed = e;
                throw e;
            }
        }
        return broker;
    }

    /** Stops the broker if one was started. */
    synchronized void stop() throws Exception {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}
