package dev.kpcload.sim;

import dev.kpcload.fuzz.DecodeProbe;
import dev.kpcload.fuzz.ExceptionProbe;
import dev.kpcload.fuzz.Frames;
import dev.kpcload.fuzz.FuzzTarget;
import dev.kpcload.fuzz.InputMaker;
import dev.kpcload.fuzz.MqttBytes;
import dev.kpcload.fuzz.Outcome;
import dev.kpcload.fuzz.Problem;
import dev.kpcload.fuzz.ServerBoundCorpus;
import dev.kpcload.fuzz.TrackingAllocator;
import dev.kpcload.fuzz.Trial;
import dev.kpcload.fuzz.Violation;
import dev.kpcload.fuzz.WriteProbe;
import dev.kpcload.kp.EpmxPayloads;
import dev.kpcload.kp.MetadataReplyCheck;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The simulator's decode path under fuzz: each input runs on a fresh connection with the real pipeline
 * ({@link SimChannelInitializer}: MqttDecoder, session, 1/KP with EPMX and DCX) sharing counters and stores with a
 * long-lived healthy connection, which does a full 1/KP exchange in the middle of every input. Every buffer of
 * either connection comes from a {@link TrackingAllocator}, so a leak is found at the input that caused it.
 */
public final class SimFuzzTarget implements FuzzTarget {

    static final String HEALTHY_TOKEN = "healthyMeter";
    static final String MODEL = "Healthy H1";
    static final String MAC = "02-00-00-00-00-01";
    /** The stores are cleared this often so that a million inputs' random tokens do not pile up. */
    private static final int CLEAR_STORES_EVERY = 4096;

    private final SimConfig config = SimConfig.loopback(0);
    private final SimCounters counters = new SimCounters();
    private final MetadataStore store = new MetadataStore();
    private final DcxStore dcx = new DcxStore();
    private final SimChannelInitializer initializer;
    private final ServerBoundCorpus corpus = new ServerBoundCorpus();
    private final InputMaker maker = new InputMaker(corpus.frames(), corpus.publishes());
    private final TrackingAllocator fuzzAlloc = new TrackingAllocator();
    private final TrackingAllocator healthyAlloc = new TrackingAllocator();
    private final Place place;
    private final Supplier<ChannelHandler> planted;
    private final MetadataReplyCheck healthyMetadata = new MetadataReplyCheck(MODEL, MAC);
    private final EmbeddedChannel healthy;
    private final Probes healthyProbes = new Probes();
    private final EmbeddedChannel healthyDecoder = new EmbeddedChannel(new MqttDecoder(1 << 20));
    private int healthyExchanges;
    private long inputs;

    /** Where a planted handler goes in a fuzzed connection's pipeline. */
    public enum Place { BEFORE_SESSION, BEFORE_KP }

    public SimFuzzTarget() {
        this(Place.BEFORE_KP, null);
    }

    /**
     * @param planted makes a handler put at {@code place} into every fuzzed connection's pipeline: a deliberate
     *                bug, to show that the properties catch it; null for the real pipeline
     */
    public SimFuzzTarget(Place place, Supplier<ChannelHandler> planted) {
        this.place = place;
        this.planted = planted;
        this.initializer = new SimChannelInitializer(config, counters,
            KpRequestRouter.standard(config, store, dcx, counters), null);
        healthy = open(healthyAlloc, healthyProbes, false);
        healthy.writeInbound(healthyAlloc.buffer().writeBytes(MqttBytes.encode(Mqtt.connect("healthy", 0))));
        List<MqttMessage> connack = healthyOutput();
        boolean accepted = connack.size() == 1 && connack.get(0).fixedHeader().messageType() == MqttMessageType.CONNACK;
        connack.forEach(ReferenceCountUtil::release);
        if (!accepted) {
            throw new IllegalStateException("the healthy connection was not accepted");
        }
    }

    @Override
    public String name() {
        return "sim";
    }

    /** The simulator's counters so far, to show how deep the inputs reached. */
    public SimStats stats() {
        return counters.snapshot();
    }

    /** Buffers the fuzzed connections' allocator handed out, to show that inputs really were read. */
    public long buffersAllocated() {
        return fuzzAlloc.allocated();
    }

    @Override
    public Trial trial(SplittableRandom random) {
        List<byte[]> reads = new ArrayList<>();
        if (random.nextInt(100) < 85) {
            reads.addAll(Frames.split(corpus.connects().get(random.nextInt(corpus.connects().size())), random));
        }
        reads.addAll(Frames.split(maker.make(random), random));
        return run(reads, random.nextInt(reads.size() + 1));
    }

    @Override
    public Trial replay(List<byte[]> reads) {
        return run(reads, reads.size() / 2);
    }

    private Trial run(List<byte[]> reads, int healthyAfter) {
        if (++inputs % CLEAR_STORES_EVERY == 0) {
            store.clear();
            dcx.clear();
        }
        List<Problem> problems = new ArrayList<>();
        long protocolErrors = counters.protocolErrors.sum();
        long refused = counters.connectsRefused.sum();
        long rejected = counters.publishesRejected.sum();
        Probes probes = new Probes();
        EmbeddedChannel ch = open(fuzzAlloc, probes, true);
        List<ByteBuf> output = new ArrayList<>();
        for (int i = 0; i <= reads.size(); i++) {
            if (i == healthyAfter) {
                healthyExchange(problems);
            }
            if (i == reads.size() || !ch.isOpen()) {
                continue;
            }
            try {
                ch.writeInbound(fuzzAlloc.buffer(reads.get(i).length).writeBytes(reads.get(i)));
            } catch (Throwable t) {
                problems.add(new Problem(Violation.EXCEPTION_ESCAPED, "reached the pipeline's tail: " + t));
            }
            passedThrough(ch, problems);
            drain(ch, output);
        }
        ch.runPendingTasks();
        drain(ch, output);
        boolean closed = !ch.isOpen();
        long protocolDelta = counters.protocolErrors.sum() - protocolErrors;
        long refusedDelta = counters.connectsRefused.sum() - refused;
        long rejectedDelta = counters.publishesRejected.sum() - rejected;
        int served = validateOutput(output, probes.decode.sawMqtt5Connect(), problems);
        try {
            ch.finishAndReleaseAll();
        } catch (Throwable t) {
            problems.add(new Problem(Violation.EXCEPTION_ESCAPED, "reached the pipeline's tail at close: " + t));
        }
        probes.judge(problems, "fuzzed");
        DecodeProbe.Terminal terminal = probes.decode.firstTerminal();
        if (probes.decode.sawFailure() && !closed) {
            problems.add(new Problem(Violation.BAD_FRAME_LEFT_OPEN, probes.decode.failureCause()));
        }
        if (terminal == DecodeProbe.Terminal.DECODER_FAILURE && closed && protocolDelta + refusedDelta == 0) {
            problems.add(new Problem(Violation.BAD_FRAME_UNCOUNTED, probes.decode.failureCause()));
        }
        boolean explained = protocolDelta > 0 || refusedDelta > 0 || terminal == DecodeProbe.Terminal.DISCONNECT
            || terminal == DecodeProbe.Terminal.QOS2_PUBLISH && rejectedDelta > 0;
        if (closed && !explained) {
            problems.add(new Problem(Violation.CLOSE_UNEXPLAINED, "first terminal " + terminal));
        }
        if (fuzzAlloc.outstanding() != 0) {
            problems.add(new Problem(Violation.BUFFER_LEAKED, fuzzAlloc.describeOutstanding()));
            fuzzAlloc.forgetOutstanding();
        }
        if (counters.connectionsOpen.sum() != 1) {
            problems.add(new Problem(Violation.BOOKS_UNBALANCED,
                "connections open " + counters.connectionsOpen.sum() + " with only the healthy one left"));
        }
        Outcome outcome = !closed ? (served > 0 ? Outcome.OPEN_SERVED : Outcome.OPEN_IDLE)
            : protocolDelta > 0 ? Outcome.CLOSED_PROTOCOL_ERROR : refusedDelta > 0 ? Outcome.CLOSED_REFUSED
            : Outcome.CLOSED_OTHER;
        return new Trial(reads, outcome, problems);
    }

    @Override
    public List<Problem> finish() {
        List<Problem> problems = new ArrayList<>();
        healthyExchange(problems);
        try {
            healthy.finishAndReleaseAll();
        } catch (Throwable t) {
            problems.add(new Problem(Violation.HEALTHY_HARMED, "at close: " + t));
        }
        healthyDecoder.finishAndReleaseAll();
        healthyProbes.judge(problems, "healthy");
        if (healthyAlloc.outstanding() != 0) {
            problems.add(new Problem(Violation.BUFFER_LEAKED, "healthy: " + healthyAlloc.describeOutstanding()));
        }
        if (counters.connectionsOpen.sum() != 0) {
            problems.add(new Problem(Violation.BOOKS_UNBALANCED, "connections open at the end: "
                + counters.connectionsOpen.sum()));
        }
        return problems;
    }

    @Override
    public void close() {
        if (healthy.isOpen()) {
            healthy.finishAndReleaseAll();
        }
        healthyDecoder.finishAndReleaseAll();
    }

    /** A connection with the simulator's pipeline, its buffers from {@code alloc}, the probes in place. */
    private EmbeddedChannel open(ByteBufAllocator alloc, Probes probes, boolean fuzzed) {
        EmbeddedChannel ch = new EmbeddedChannel(DefaultChannelId.newInstance(), false, false, initializer);
        ch.config().setAllocator(alloc);
        try {
            ch.register();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        ch.pipeline().addAfter(SimChannelInitializer.ENCODER, "fuzz-write", probes.write);
        ch.pipeline().addAfter(SimChannelInitializer.DECODER, "fuzz-decode", probes.decode);
        ch.pipeline().addBefore(SimChannelInitializer.ERRORS, "fuzz-escape", probes.exceptions);
        if (fuzzed && planted != null) {
            ch.pipeline().addBefore(place == Place.BEFORE_KP ? SimChannelInitializer.KP : SimChannelInitializer.SESSION,
                "planted", planted.get());
        }
        return ch;
    }

    private static void passedThrough(EmbeddedChannel ch, List<Problem> problems) {
        for (Object o; (o = ch.readInbound()) != null; ) {
            problems.add(new Problem(Violation.MESSAGE_PASSED_THROUGH, String.valueOf(o)));
            ReferenceCountUtil.release(o);
        }
    }

    private static void drain(EmbeddedChannel ch, List<ByteBuf> output) {
        for (Object o; (o = ch.readOutbound()) != null; ) {
            output.add((ByteBuf) o);
        }
    }

    /**
     * Decodes what the simulator wrote, as a client would, and releases it: every frame must decode. Returns the
     * PUBLISHes (1/KP replies) among them. After an MQTT 5 CONNECT the codec answers in MQTT 5 framing, which a
     * 3.1.1 decoder cannot judge: then the bytes are only released.
     */
    private static int validateOutput(List<ByteBuf> output, boolean mqtt5, List<Problem> problems) {
        if (output.isEmpty()) {
            return 0;
        }
        if (mqtt5) {
            output.forEach(ByteBuf::release);
            return 0;
        }
        EmbeddedChannel decoder = new EmbeddedChannel(new MqttDecoder(1 << 20));
        int publishes = 0;
        try {
            for (ByteBuf b : output) {
                decoder.writeInbound(b);
            }
            for (Object o; (o = decoder.readInbound()) != null; ) {
                MqttMessage m = (MqttMessage) o;
                if (m.decoderResult().isFailure()) {
                    problems.add(new Problem(Violation.INVALID_OUTPUT, String.valueOf(m.decoderResult().cause())));
                } else if (m instanceof MqttPublishMessage p) {
                    publishes++;
                    String topic = p.variableHeader().topicName();
                    // the simulator publishes 1/KP replies only: anything else is a frame it got wrong
                    if (!topic.startsWith("kp1/") || !(topic.endsWith("/status") || topic.endsWith("/error"))) {
                        problems.add(new Problem(Violation.INVALID_OUTPUT, "a PUBLISH that is no 1/KP reply, topic '"
                            + (topic.length() > 80 ? topic.substring(0, 80) + "...' (" + topic.length() + " chars)"
                            : topic + "'")));
                    }
                }
                ReferenceCountUtil.release(m);
            }
        } finally {
            decoder.finishAndReleaseAll();
        }
        return publishes;
    }

    /**
     * The healthy connection's 1/KP round trip: {@code update/keys} then {@code get} in one read, QoS 1; it must get
     * exactly PUBACK, {@code /status}, PUBACK, {@code /status} with its own metadata, and stay open.
     */
    private void healthyExchange(List<Problem> problems) {
        int n = ++healthyExchanges;
        String base = "kp1/" + ServerBoundCorpus.APP + "/epmx/" + HEALTHY_TOKEN;
        String update = base + "/update/keys/" + n;
        String get = base + "/get/" + n;
        int pid = (2 * n) % 65_534 + 1;
        long protocolErrors = counters.protocolErrors.sum();
        ByteBuf in = healthyAlloc.buffer();
        in.writeBytes(MqttBytes.publish(update, 1, pid, EpmxPayloads.modelAndMac(MODEL, MAC)));
        in.writeBytes(MqttBytes.publish(get, 1, pid + 1, EpmxPayloads.getAll()));
        String wrong = null;
        try {
            healthy.writeInbound(in);
        } catch (Throwable t) {
            wrong = "exception: " + t;
        }
        List<MqttMessage> frames = healthyOutput();
        if (wrong == null) {
            wrong = judgeHealthy(frames, pid, update, get);
        }
        frames.forEach(ReferenceCountUtil::release);
        if (wrong == null && !healthy.isOpen()) {
            wrong = "closed";
        }
        if (wrong == null && counters.protocolErrors.sum() != protocolErrors) {
            wrong = "a protocol error was counted during its exchange";
        }
        if (wrong != null) {
            problems.add(new Problem(Violation.HEALTHY_HARMED, "exchange " + n + ": " + wrong));
        }
        if (healthyAlloc.outstanding() != 0) {
            problems.add(new Problem(Violation.BUFFER_LEAKED, "healthy: " + healthyAlloc.describeOutstanding()));
            healthyAlloc.forgetOutstanding();
        }
    }

    private String judgeHealthy(List<MqttMessage> frames, int pid, String update, String get) {
        if (frames.size() != 4) {
            return "expected 4 frames, got " + frames.size();
        }
        for (int i = 0; i < 4; i++) {
            if (frames.get(i).decoderResult().isFailure()) {
                return "invalid frame " + i + ": " + frames.get(i).decoderResult().cause();
            }
        }
        if (!isPubAck(frames.get(0), pid) || !isPubAck(frames.get(2), pid + 1)) {
            return "no PUBACK where expected: " + frames;
        }
        if (!(frames.get(1) instanceof MqttPublishMessage s1) || !s1.variableHeader().topicName().equals(update + "/status")
            || s1.payload().isReadable()) {
            return "not the update's empty /status: " + frames.get(1);
        }
        if (!(frames.get(3) instanceof MqttPublishMessage s2) || !s2.variableHeader().topicName().equals(get + "/status")
            || healthyMetadata.check(s2.payload()) != MetadataReplyCheck.Outcome.MATCH) {
            return "not the get's /status with the metadata: " + frames.get(3);
        }
        return null;
    }

    private static boolean isPubAck(MqttMessage m, int pid) {
        return m.fixedHeader().messageType() == MqttMessageType.PUBACK
            && m.variableHeader() instanceof MqttMessageIdVariableHeader id && id.messageId() == pid;
    }

    /** The healthy connection's output since the last call, decoded (the caller releases it). */
    private List<MqttMessage> healthyOutput() {
        healthy.runPendingTasks();
        for (Object o; (o = healthy.readOutbound()) != null; ) {
            healthyDecoder.writeInbound(o);
        }
        List<MqttMessage> frames = new ArrayList<>();
        for (Object o; (o = healthyDecoder.readInbound()) != null; ) {
            frames.add((MqttMessage) o);
        }
        return frames;
    }

    /** The probes of one connection. */
    private static final class Probes {
        final DecodeProbe decode = new DecodeProbe();
        final ExceptionProbe exceptions = new ExceptionProbe();
        final WriteProbe write = new WriteProbe();

        void judge(List<Problem> problems, String which) {
            if (exceptions.count() > 0) {
                problems.add(new Problem(Violation.EXCEPTION_ESCAPED, which + ": " + exceptions.count()
                    + " reached the last-resort handler, the first: " + stack(exceptions.first())));
            }
            if (write.failures() > 0) {
                problems.add(new Problem(Violation.WRITE_FAILED, which + ": " + write.failures()
                    + " write(s) failed, the first: " + stack(write.first())));
            }
        }

        private static String stack(Throwable t) {
            StringBuilder s = new StringBuilder(String.valueOf(t));
            StackTraceElement[] trace = t.getStackTrace();
            for (int i = 0; i < Math.min(4, trace.length); i++) {
                s.append(" at ").append(trace[i]);
            }
            return s.toString();
        }
    }
}
