package dev.kpcload.sim;

/** One extension instance the simulator serves (EPMX, DCX): a resource path and payload in, an outcome out. */
interface KpExtension {

    /**
     * Serves one request. Runs on an event loop: must not block.
     *
     * @param token        the endpoint token (already accepted)
     * @param resourcePath e.g. {@code update/keys}
     * @param payload      the request payload, possibly empty
     */
    KpOutcome handle(String token, String resourcePath, byte[] payload);
}
