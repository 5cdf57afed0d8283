package dev.kpcload.client;

import dev.kpcload.fleet.Device;
import dev.kpcload.fuzz.ClientBoundCorpus;
import dev.kpcload.fuzz.DecodeProbe;
import dev.kpcload.fuzz.ExceptionProbe;
import dev.kpcload.fuzz.Frames;
import dev.kpcload.fuzz.FuzzTarget;
import dev.kpcload.fuzz.InputMaker;
import dev.kpcload.fuzz.MqttBytes;
import dev.kpcload.fuzz.Outcome;
import dev.kpcload.fuzz.Problem;
import dev.kpcload.fuzz.PublishTemplate;
import dev.kpcload.fuzz.TrackingAllocator;
import dev.kpcload.fuzz.Trial;
import dev.kpcload.fuzz.Violation;
import dev.kpcload.fuzz.WriteProbe;
import dev.kpcload.kp.MessageKind;
import dev.kpcload.kp.SampleCount;
import dev.kpcload.metrics.ConnectFailure;
import dev.kpcload.metrics.DisconnectReason;
import dev.kpcload.metrics.LatencyStreams;
import dev.kpcload.metrics.RunCounters;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The client's reply path under fuzz, on the {@link SessionHarness}: one device (the harness's) gets hostile server
 * bytes on a fresh connection per input, mostly after a valid CONNACK with its report and up to four planned
 * messages (EPMX {@code update/keys}, EPMX {@code get}, DCX) in flight, so that replies built for them reach
 * {@code Confirmations}, {@code MetadataReplyCheck} and {@code KpErrorPayload}; a second device on the same lane
 * keeps a connection through the whole run and confirms one {@code get} in the middle of every input.
 */
public final class ClientFuzzTarget implements FuzzTarget {

    static final String HEALTHY_TOKEN = "healthyTok1";
    static final String HEALTHY_MODEL = "Healthy H2";
    static final String HEALTHY_MAC = "02-00-00-00-00-02";
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int KINDS = 3;

    private final TrackingAllocator alloc = new TrackingAllocator();
    private final SessionHarness h;
    private final RunCounters counters;
    private final DeviceSession fuzzed;
    private final DeviceSession healthy;
    private final EmbeddedChannel healthyChannel;
    private final ClientBoundCorpus corpus = new ClientBoundCorpus();
    /** Decodes what the healthy device writes, all run long. */
    private final EmbeddedChannel healthyDecoder = new EmbeddedChannel(new MqttDecoder(1 << 20));
    /** What the fuzzed device wrote on its current connection before the fuzzed bytes. */
    private final List<Written> fuzzedWrites = new ArrayList<>();
    private long healthyConfirmed;
    /** Decodes what the fuzzed device writes on its current connection. */
    private EmbeddedChannel fuzzedDecoder;

    public ClientFuzzTarget() {
        SessionSettings settings = new SessionSettings("fuzz_app", "epmx", ConfirmMode.STATUS, 1, 8,
            BacklogPolicy.QUEUE, 16, TimeUnit.SECONDS.toNanos(10), 60, TimeUnit.SECONDS.toNanos(10),
            new ReconnectBackoff(MS, MS));
        Workload workload = new Workload(List.of(MixEntry.of(MessageKind.EPMX_UPDATE_KEYS, 1),
            MixEntry.of(MessageKind.EPMX_GET, 1), new MixEntry(MessageKind.DCX_JSON, 1, new SampleCount(1, 3))), 1, 0);
        h = new SessionHarness(settings, new SplittableRandom(1), workload, alloc);
        counters = h.counters;
        fuzzed = h.session;
        healthy = h.lane.add(new Device(1, HEALTHY_TOKEN, "meter-1", null, null, HEALTHY_MAC, HEALTHY_MODEL));
        healthy.connect(h.now());
        h.runTasks();
        healthyChannel = (EmbeddedChannel) healthy.channel();
        receive(healthyChannel, ClientBoundCorpus.connack(MqttConnectReturnCode.CONNECTION_ACCEPTED));
        answerReports(healthyChannel, healthyDecoder);
        // the fuzzed device connects once for good, so that every later loss makes it reconnect (a first connect
        // that fails would be final)
        fuzzed.connect(h.now());
        h.runTasks();
        EmbeddedChannel first = (EmbeddedChannel) fuzzed.channel();
        receive(first, ClientBoundCorpus.connack(MqttConnectReturnCode.CONNECTION_ACCEPTED));
        EmbeddedChannel firstDecoder = new EmbeddedChannel(new MqttDecoder(1 << 20));
        answerReports(first, firstDecoder);
        firstDecoder.finishAndReleaseAll();
        first.close();
        h.runTasks();
        first.finishAndReleaseAll();
        h.channels.remove(first);
        if (!healthy.isConnectedForPlan() || fuzzed.state() != ConnectionLifecycle.State.RECONNECT_WAIT) {
            throw new IllegalStateException("the harness did not connect: " + healthy.state() + ", " + fuzzed.state());
        }
    }

    @Override
    public String name() {
        return "client";
    }

    public RunCounters counters() {
        return counters;
    }

    @Override
    public Trial trial(SplittableRandom random) {
        List<byte[]> reads = new ArrayList<>();
        EmbeddedChannel ch = prepare(random.nextInt(5) != 0, random.nextInt(5), random);
        List<byte[]> frames = new ArrayList<>(corpus.fixed());
        List<PublishTemplate> replies = new ArrayList<>();
        for (Written w : fuzzedWrites) {
            if (w.type() == MqttMessageType.PUBLISH) {
                replies.addAll(ClientBoundCorpus.replies(w.topic(), fuzzed.device().model(), fuzzed.device().mac()));
                frames.add(ClientBoundCorpus.puback(w.packetId()));
            }
        }
        if (replies.isEmpty()) {
            replies.addAll(ClientBoundCorpus.replies(SessionHarness.BASE.replace("demo_application_v1", "fuzz_app")
                + "/0", fuzzed.device().model(), fuzzed.device().mac()));
        }
        for (PublishTemplate t : replies) {
            frames.add(t.encode(random));
        }
        reads.addAll(Frames.split(new InputMaker(frames, replies).make(random), random));
        return run(ch, reads, random.nextInt(reads.size() + 1));
    }

    @Override
    public Trial replay(List<byte[]> reads) {
        return run(prepare(true, 4, null), reads, reads.size() / 2);
    }

    /**
     * A fresh connection of the fuzzed device: the old one is gone (closed by its input or by us), so the device is
     * waiting to reconnect; after the wait its CONNECT goes out. With {@code connack}, a valid CONNACK follows and
     * {@code planned} messages of kinds drawn from {@code random} (all three in turn without it) go in flight.
     */
    private EmbeddedChannel prepare(boolean connack, int planned, SplittableRandom random) {
        if (fuzzed.state() == ConnectionLifecycle.State.RECONNECT_WAIT) {
            h.advance(MS);
        }
        EmbeddedChannel ch = (EmbeddedChannel) fuzzed.channel();
        if (fuzzed.state() != ConnectionLifecycle.State.CONNECTING || !ch.isOpen()) {
            throw new IllegalStateException("the fuzzed device is not connecting: " + fuzzed.state());
        }
        if (connack) {
            receive(ch, ClientBoundCorpus.connack(MqttConnectReturnCode.CONNECTION_ACCEPTED));
            for (int i = 0; i < planned; i++) {
                int kind = random == null ? i % KINDS : random.nextInt(KINDS);
                fuzzed.offer(h.now(), LatencyStreams.of(kind, false));
            }
            h.lane.flushTouched();
        }
        fuzzedWrites.clear();
        fuzzedWrites.addAll(writes(ch, fuzzedDecoder = new EmbeddedChannel(new MqttDecoder(1 << 20)), null));
        return ch;
    }

    private Trial run(EmbeddedChannel ch, List<byte[]> reads, int healthyAfter) {
        List<Problem> problems = new ArrayList<>();
        Probes probes = new Probes(ch);
        long protocolErrors = counters.protocolErrors.sum();
        long connectFailures = counters.connectFailures.total();
        long settled = settled();
        long healthyBefore = healthyConfirmed;
        long escapes = escapes();
        for (int i = 0; i <= reads.size(); i++) {
            if (i == healthyAfter) {
                healthyExchange(problems);
            }
            if (i == reads.size() || !ch.isOpen()) {
                continue;
            }
            try {
                ch.writeInbound(alloc.buffer(reads.get(i).length).writeBytes(reads.get(i)));
            } catch (Throwable t) {
                problems.add(new Problem(Violation.EXCEPTION_ESCAPED, "reached the pipeline's tail: " + t));
            }
            h.runTasks();
            for (Object o; (o = ch.readInbound()) != null; ) {
                problems.add(new Problem(Violation.MESSAGE_PASSED_THROUGH, String.valueOf(o)));
                ReferenceCountUtil.release(o);
            }
        }
        boolean closed = !ch.isOpen();
        long protocolDelta = counters.protocolErrors.sum() - protocolErrors;
        long refusedDelta = counters.connectFailures.total() - connectFailures;
        long served = settled() - settled - (healthyConfirmed - healthyBefore);
        if (!closed) {
            ch.close(); // done with it: the device waits to reconnect, for the next input
            h.runTasks();
        }
        try {
            ch.finishAndReleaseAll();
        } catch (Throwable t) {
            problems.add(new Problem(Violation.EXCEPTION_ESCAPED, "reached the pipeline's tail at close: " + t));
        }
        writes(ch, fuzzedDecoder, problems);
        fuzzedDecoder.finishAndReleaseAll();
        h.channels.remove(ch);
        probes.judge(problems);
        if (escapes() != escapes) {
            problems.add(new Problem(Violation.EXCEPTION_ESCAPED, "counted as handler_error or io_error: "
                + counters.handlerErrors.sum() + " handler errors, disconnects " + counters.disconnects.snapshot()
                + ", connect failures " + counters.connectFailures.snapshot()));
        }
        DecodeProbe.Terminal terminal = probes.decode.firstTerminal();
        if (probes.decode.sawFailure() && !closed) {
            problems.add(new Problem(Violation.BAD_FRAME_LEFT_OPEN, probes.decode.failureCause()));
        }
        if (terminal == DecodeProbe.Terminal.DECODER_FAILURE && closed && protocolDelta == 0) {
            problems.add(new Problem(Violation.BAD_FRAME_UNCOUNTED, probes.decode.failureCause()));
        }
        if (closed && protocolDelta == 0 && refusedDelta == 0) {
            problems.add(new Problem(Violation.CLOSE_UNEXPLAINED, "first terminal " + terminal + ", state "
                + fuzzed.state()));
        }
        if (alloc.outstanding() != 0) {
            problems.add(new Problem(Violation.BUFFER_LEAKED, alloc.describeOutstanding()));
            alloc.forgetOutstanding();
        }
        if (fuzzed.state() != ConnectionLifecycle.State.RECONNECT_WAIT) {
            problems.add(new Problem(Violation.BOOKS_UNBALANCED, "the fuzzed device is " + fuzzed.state()
                + " after its connection closed, not waiting to reconnect"));
        }
        Outcome outcome = !closed ? (served > 0 ? Outcome.OPEN_SERVED : Outcome.OPEN_IDLE)
            : protocolDelta > 0 ? Outcome.CLOSED_PROTOCOL_ERROR : refusedDelta > 0 ? Outcome.CLOSED_REFUSED
            : Outcome.CLOSED_OTHER;
        return new Trial(reads, outcome, problems);
    }

    /** Messages and reports settled by a reply. */
    private long settled() {
        return counters.confirmed.sum() + counters.failed.get(dev.kpcload.metrics.MessageFailure.ERROR_REPLY)
            + counters.failed.get(dev.kpcload.metrics.MessageFailure.METADATA_MISMATCH)
            + counters.reportsConfirmed.sum();
    }

    /** Exceptions the pipeline's handlers caught and counted: none may happen without a socket. */
    private long escapes() {
        return counters.handlerErrors.sum() + counters.disconnects.get(DisconnectReason.IO_ERROR)
            + counters.disconnects.get(DisconnectReason.HANDLER_ERROR)
            + counters.connectFailures.get(ConnectFailure.IO_ERROR)
            + counters.connectFailures.get(ConnectFailure.HANDLER_ERROR);
    }

    /**
     * The healthy device's round trip: an EPMX {@code get}, answered at QoS 1 with its own metadata; it must be
     * confirmed, PUBACKed, and the device still connected on the same connection.
     */
    private void healthyExchange(List<Problem> problems) {
        long confirmed = counters.confirmed.sum();
        healthy.offer(h.now(), LatencyStreams.of(1, false));
        h.lane.flushTouched();
        List<Written> get = writes(healthyChannel, healthyDecoder, problems);
        String wrong = null;
        if (get.size() != 1 || get.get(0).type() != MqttMessageType.PUBLISH) {
            wrong = "expected its get, wrote " + get;
        } else {
            String reply = get.get(0).topic() + "/status";
            byte[] metadata = ("{\"model\":\"" + HEALTHY_MODEL + "\",\"mac\":\"" + HEALTHY_MAC + "\"}")
                .getBytes(StandardCharsets.UTF_8);
            receive(healthyChannel, MqttBytes.publish(reply, 1, 77, metadata));
            List<Written> ack = writes(healthyChannel, healthyDecoder, problems);
            if (counters.confirmed.sum() != confirmed + 1) {
                wrong = "its get was not confirmed";
            } else if (ack.size() != 1 || ack.get(0).type() != MqttMessageType.PUBACK || ack.get(0).packetId() != 77) {
                wrong = "expected a PUBACK of the reply, wrote " + ack;
            }
            healthyConfirmed += counters.confirmed.sum() - confirmed;
        }
        if (wrong == null && (!healthy.isConnectedForPlan() || healthy.channel() != healthyChannel
            || !healthyChannel.isOpen())) {
            wrong = "lost its connection: " + healthy.state();
        }
        if (wrong != null) {
            problems.add(new Problem(Violation.HEALTHY_HARMED, wrong));
        }
    }

    @Override
    public List<Problem> finish() {
        List<Problem> problems = new ArrayList<>();
        healthyExchange(problems);
        io.netty.util.concurrent.Future<Lane.LaneBooks> books = h.lane.closeBooks();
        h.runTasks();
        Lane.LaneBooks lane = books.getNow();
        long accounted = counters.confirmed.sum() + counters.failed.total() + counters.timedOut.sum()
            + counters.dropped.total() + lane.inFlight();
        if (counters.scheduled.sum() != accounted) {
            problems.add(new Problem(Violation.BOOKS_UNBALANCED, "scheduled " + counters.scheduled.sum()
                + " != confirmed + failed + timed out + dropped + in flight = " + accounted));
        }
        writes(healthyChannel, healthyDecoder, problems); // its DISCONNECT
        healthyDecoder.finishAndReleaseAll();
        h.close();
        if (alloc.outstanding() != 0) {
            problems.add(new Problem(Violation.BUFFER_LEAKED, "at the end: " + alloc.describeOutstanding()));
        }
        return problems;
    }

    @Override
    public void close() {
        // finish() closes the harness; closing it twice releases nothing more
    }

    /** Feeds server bytes to one connection as one read. */
    private void receive(EmbeddedChannel ch, byte[] bytes) {
        ch.writeInbound(alloc.buffer(bytes.length).writeBytes(bytes));
        h.runTasks();
    }

    /** Answers the report the device wrote on CONNACK with {@code /status}. */
    private void answerReports(EmbeddedChannel ch, EmbeddedChannel decoder) {
        for (Written w : writes(ch, decoder, null)) {
            if (w.type() == MqttMessageType.PUBLISH) {
                receive(ch, MqttBytes.publish(w.topic() + "/status", 0, 0, new byte[0]));
            }
        }
    }

    /** A packet a device wrote, decoded. */
    record Written(MqttMessageType type, String topic, int packetId) {
    }

    /**
     * What a device wrote on {@code ch} since the last call, decoded by {@code decoder} (that connection's own) and
     * released; a frame that does not decode is a problem (or, with {@code problems} null, an error of the harness).
     */
    private static List<Written> writes(EmbeddedChannel ch, EmbeddedChannel decoder, List<Problem> problems) {
        for (Object o; (o = ch.readOutbound()) != null; ) {
            decoder.writeInbound(o);
        }
        List<Written> out = new ArrayList<>();
        for (Object o; (o = decoder.readInbound()) != null; ) {
            MqttMessage m = (MqttMessage) o;
            try {
                if (m.decoderResult().isFailure()) {
                    if (problems == null) {
                        throw new IllegalStateException("the device wrote invalid MQTT: " + m.decoderResult());
                    }
                    problems.add(new Problem(Violation.INVALID_OUTPUT, String.valueOf(m.decoderResult().cause())));
                } else if (m instanceof MqttPublishMessage p) {
                    out.add(new Written(MqttMessageType.PUBLISH, p.variableHeader().topicName(),
                        p.variableHeader().packetId()));
                } else if (m.variableHeader() instanceof MqttMessageIdVariableHeader id) {
                    out.add(new Written(m.fixedHeader().messageType(), null, id.messageId()));
                } else {
                    out.add(new Written(m.fixedHeader().messageType(), null, 0));
                }
            } finally {
                ReferenceCountUtil.release(m);
            }
        }
        return out;
    }

    /** The probes of one fuzzed connection, put into its pipeline. */
    private static final class Probes {
        final DecodeProbe decode = new DecodeProbe();
        final ExceptionProbe afterDecoder = new ExceptionProbe();
        final ExceptionProbe beforeErrors = new ExceptionProbe();
        final WriteProbe write = new WriteProbe();

        Probes(EmbeddedChannel ch) {
            ch.pipeline().addAfter("decoder", "fuzz-decode", decode);
            ch.pipeline().addAfter("fuzz-decode", "fuzz-escape-decoder", afterDecoder);
            ch.pipeline().addAfter("encoder", "fuzz-write", write);
            ch.pipeline().addBefore("errors", "fuzz-escape", beforeErrors);
        }

        void judge(List<Problem> problems) {
            for (ExceptionProbe p : List.of(afterDecoder, beforeErrors)) {
                if (p.count() > 0) {
                    problems.add(new Problem(Violation.EXCEPTION_ESCAPED, p.count() + " exception(s), the first: "
                        + p.first()));
                }
            }
            if (write.failures() > 0) {
                problems.add(new Problem(Violation.WRITE_FAILED, write.failures() + " write(s) failed, the first: "
                    + write.first()));
            }
        }
    }
}
