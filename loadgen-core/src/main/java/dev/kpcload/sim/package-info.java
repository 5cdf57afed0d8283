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
 *
 * <p>As a test bench (see the README, "The KPC simulator"): a {@link dev.kpcload.sim.Capacity} (one deterministic
 * server as a shared virtual clock, {@link dev.kpcload.sim.ServiceQueue}; predictions in
 * {@link dev.kpcload.sim.CapacityModel}), {@link dev.kpcload.sim.ReplyDelay} distributions, and a
 * {@link dev.kpcload.sim.FaultPlan} of timed {@link dev.kpcload.sim.Fault}s carried out by the
 * {@link dev.kpcload.sim.FaultScheduler}. One handler per concern in each connection's pipeline: the
 * {@link dev.kpcload.sim.ReadGate} owns reading (stall, back-pressure, slow reader), the
 * {@link dev.kpcload.sim.HalfOpenHandler} silences a connection, the session handler refuses CONNECTs, the 1/KP
 * handler times replies and injects errors. Choices made:
 * <ul>
 *   <li>A request is applied (stored) when it arrives; only its answer waits for the capacity and the delay.</li>
 *   <li>Requests without a request ID take their turn at the capacity too (they are served), and get nothing back
 *       either way; a request refused for a full queue is not applied.</li>
 *   <li>A stall also stops accepting; replies due during it leave together at its end.</li>
 *   <li>Faults that pick connections pick among those that completed CONNECT (and are not half-open already).</li>
 *   <li>The slow reader's budget is per connection.</li>
 *   <li>Overlapping windows of one kind: the one begun last is in force until it ends.</li>
 * </ul>
 */
package dev.kpcload.sim;
