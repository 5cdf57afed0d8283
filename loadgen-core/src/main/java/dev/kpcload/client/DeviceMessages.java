package dev.kpcload.client;

import dev.kpcload.fleet.Device;
import dev.kpcload.kp.DcxBatch;
import dev.kpcload.kp.DcxMeter;
import dev.kpcload.kp.EpmxPayloads;
import dev.kpcload.kp.Extensions;
import dev.kpcload.kp.KpTopic;
import dev.kpcload.kp.MessageKind;
import dev.kpcload.kp.MetadataReplyCheck;
import dev.kpcload.kp.PayloadWriter;
import dev.kpcload.kp.SampleCount;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One device's messages, rendered once: for each kind of the run's mix its topic (with request IDs, up to the
 * {@code /} before the ID) and its payload, and the CONNACK report (EPMX {@code update/keys}, the tutorial's).
 * A DCX batch changes every message (timestamps, the energy counter) and is written in place; everything else is
 * fixed bytes. Confined to the device's event loop.
 */
final class DeviceMessages {

    private final byte[][] topics;
    private final PayloadWriter[] payloads;
    private final MessageKind[] kinds;
    private final SampleCount[] samples;
    /** Reply topic prefixes: one per distinct request topic, the report's first. */
    private final ReplyTopicMatcher[] replies;
    private final byte[] reportTopic;
    private final PayloadWriter reportPayload;
    private final MetadataReplyCheck metadata;
    private final DcxBatch dcx;
    private final long seed;
    private final long epochOffsetNanos;
    /** DCX messages written so far: the per-device sequence a batch's sample count is drawn for. */
    private long dcxSequence;

    DeviceMessages(Device device, SessionSettings settings, Workload workload) {
        boolean ids = settings.usesRequestIds();
        List<MixEntry> mix = workload.mix();
        this.seed = Workload.meterSeed(workload.seed(), device.token());
        this.epochOffsetNanos = workload.epochOffsetNanos();
        this.topics = new byte[mix.size()][];
        this.payloads = new PayloadWriter[mix.size()];
        this.kinds = new MessageKind[mix.size()];
        this.samples = new SampleCount[mix.size()];
        KpTopic report = topic(MessageKind.EPMX_UPDATE_KEYS, settings, device);
        this.reportTopic = wire(report, ids);
        this.reportPayload = PayloadWriter.of(EpmxPayloads.modelAndMac(device.model(), device.mac()));
        this.metadata = new MetadataReplyCheck(device.model(), device.mac());
        DcxBatch batch = null;
        java.util.ArrayList<ReplyTopicMatcher> matchers = new java.util.ArrayList<>();
        matchers.add(new ReplyTopicMatcher(report.baseTopic() + '/'));
        for (int i = 0; i < mix.size(); i++) {
            MessageKind kind = mix.get(i).kind();
            KpTopic topic = topic(kind, settings, device);
            kinds[i] = kind;
            samples[i] = mix.get(i).samples();
            topics[i] = wire(topic, ids);
            payloads[i] = switch (kind) {
                case EPMX_UPDATE_KEYS -> reportPayload;
                case EPMX_GET -> PayloadWriter.of(EpmxPayloads.getAll());
                case DCX_JSON -> batch = batch != null ? batch : new DcxBatch(new DcxMeter(seed));
            };
            String prefix = topic.baseTopic() + '/';
            if (matchers.stream().noneMatch(m -> m.replyPrefix().equals(prefix))) {
                matchers.add(new ReplyTopicMatcher(prefix));
            }
        }
        this.dcx = batch;
        this.replies = matchers.toArray(new ReplyTopicMatcher[0]);
    }

    /** A device that sends one fixed message (its report too) and reads replies under {@code replyPrefix}. */
    static DeviceMessages single(byte[] topic, byte[] payload, String replyPrefix) {
        return new DeviceMessages(topic, PayloadWriter.of(payload), new ReplyTopicMatcher(replyPrefix));
    }

    private DeviceMessages(byte[] topic, PayloadWriter payload, ReplyTopicMatcher replies) {
        this.topics = new byte[][] {topic};
        this.payloads = new PayloadWriter[] {payload};
        this.kinds = new MessageKind[] {MessageKind.EPMX_UPDATE_KEYS};
        this.samples = new SampleCount[] {SampleCount.fixed(1)};
        this.replies = new ReplyTopicMatcher[] {replies};
        this.reportTopic = topic;
        this.reportPayload = payload;
        this.metadata = new MetadataReplyCheck("", "");
        this.dcx = null;
        this.seed = 0;
        this.epochOffsetNanos = 0;
    }

    private static KpTopic topic(MessageKind kind, SessionSettings settings, Device device) {
        String instance = kind.extension().equals(Extensions.DCX) ? Extensions.DCX : settings.epmxInstance();
        return kind.topic(settings.appVersion(), instance, device.token());
    }

    private static byte[] wire(KpTopic topic, boolean requestIds) {
        String text = requestIds ? topic.baseTopic() + '/' : topic.baseTopic();
        return text.getBytes(StandardCharsets.UTF_8);
    }

    byte[] topic(int kindIndex) {
        return topics[kindIndex];
    }

    /** The payload of the next message of this kind, intended at {@code intendedNanos} (run clock). */
    PayloadWriter payload(int kindIndex, long intendedNanos) {
        PayloadWriter payload = payloads[kindIndex];
        if (payload == dcx) {
            int count = samples[kindIndex].forMessage(seed, dcxSequence++);
            return dcx.next(count, Math.floorDiv(intendedNanos + epochOffsetNanos, 1_000_000L));
        }
        return payload;
    }

    byte[] reportTopic() {
        return reportTopic;
    }

    PayloadWriter reportPayload() {
        return reportPayload;
    }

    MessageKind kind(int kindIndex) {
        return kinds[kindIndex];
    }

    /** The request ID a reply topic answers, whichever of this device's request topics it replies to. */
    long requestId(String topic) {
        for (ReplyTopicMatcher matcher : replies) {
            long id = matcher.requestId(topic);
            if (id != ReplyTopicMatcher.NOT_A_REPLY) {
                return id;
            }
        }
        return ReplyTopicMatcher.NOT_A_REPLY;
    }

    /** Whether an EPMX get's reply holds the model and MAC this meter reported. */
    boolean metadataMatches(ByteBuf reply) {
        return metadata.check(reply) == MetadataReplyCheck.Outcome.MATCH;
    }

    /** This device's DCX meter, or null when the mix has no DCX kind. */
    DcxMeter dcxMeter() {
        return dcx == null ? null : dcx.meter();
    }
}
