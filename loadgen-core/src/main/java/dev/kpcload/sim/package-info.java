/**
 * The KPC simulator: an MQTT 3.1.1 server that answers 1/KP requests like Kaa's KPC with the EPMX (10/EPMP)
 * and DCX (2/DCP) extensions. Entry points: {@link dev.kpcload.sim.KpcSimulator#start} with a
 * {@link dev.kpcload.sim.SimConfig}; {@link dev.kpcload.sim.SimStats} for counters.
 *
 * <p>Choices where Kaa documents nothing (see kaa-protocol.md, "UNCONFIRMED"):
 * <ul>
 *   <li>MQTT 3.1.1 and 3.1 are accepted; other protocol levels get CONNACK 0x01 (MQTT 5: reason 0x84) and are
 *       closed. Username and password are accepted and ignored (authentication off, as on a default tenant).</li>
 *   <li>Keepalive is enforced at 1.5 times the client's value (0: never).</li>
 *   <li>QoS 2 PUBLISH is unsupported: counted as rejected, connection closed. Retain is ignored. Replies go
 *       at the request's QoS to the requesting connection, subscribed or not; QoS 1 replies are not
 *       retransmitted and the client's PUBACKs for them are ignored.</li>
 *   <li>With a request ID: 401 for a token outside {@code knownTokens}, 404 for an extension other than
 *       {@code epmx}/{@code dcx} or an unknown resource, 400 for a bad payload. Without one, nothing is sent back,
 *       errors included. Any app version is accepted.</li>
 *   <li>JSON is parsed strictly (trailing content and duplicate keys are 400): the simulator exists to catch a
 *       client that sends what KPC might refuse. EPMX {@code get} accepts only {@code {}}, empty, or
 *       {@code {"keys":[...]}}, and replies with the requested keys in request order.</li>
 *   <li>DCX keeps no samples: per token a {@link dev.kpcload.sim.DcxSeries} (sample count, last
 *       {@code "timestamp"} and {@code "kWh"}, how often {@code "kWh"} went down), in
 *       {@link dev.kpcload.sim.KpcSimulator#dcxStore()}. Samples without these keys are valid and only counted.</li>
 *   <li>The event loop threads are not daemons: a started simulator keeps the JVM alive until closed.</li>
 * </ul>
 */
package dev.kpcload.sim;
