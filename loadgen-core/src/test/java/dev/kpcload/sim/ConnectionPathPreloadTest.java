package dev.kpcload.sim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionPathPreloadTest {

    @Test
    void takesOneMeterThroughConnectAndItsReport() {
        assertTrue(ConnectionPathPreload.run(), "the preload connection was not accepted and answered");
    }
}
