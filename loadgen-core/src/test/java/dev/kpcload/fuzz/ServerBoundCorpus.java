package dev.kpcload.fuzz;

import dev.kpcload.kp.DcxBatch;
import dev.kpcload.kp.DcxMeter;
import dev.kpcload.kp.EpmxPayloads;
import dev.kpcload.kp.KpErrorPayload;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a client may send the simulator, as valid frames from the real encoders: CONNECTs of every shape, the
 * load generator's own 1/KP PUBLISHes (EPMX and DCX payloads from {@code kp/}), and every other packet type; plus
 * the PUBLISHes as {@link PublishTemplate}s for payload and topic mutation. Built once per target.
 */
public final class ServerBoundCorpus {

    public static final String APP = "fuzz_app";
    public static final String TOKEN = "fuzzMeter1";

    private final List<byte[]> connects = new ArrayList<>();
    private final List<byte[]> frames = new ArrayList<>();
    private final List<PublishTemplate> publishes = new ArrayList<>();

    public ServerBoundCorpus() {
        connects.add(MqttBytes.encode(connect("fuzz-meter", 60, MqttVersion.MQTT_3_1_1).build()));
        connects.add(MqttBytes.encode(connect("fuzz-meter", 0, MqttVersion.MQTT_3_1_1).build()));
        connects.add(MqttBytes.encode(connect("", 30, MqttVersion.MQTT_3_1_1)
            .username("user").password("secret".getBytes(StandardCharsets.UTF_8)).build()));
        connects.add(MqttBytes.encode(connect("fuzz-31", 60, MqttVersion.MQTT_3_1).build()));
        connects.add(MqttBytes.encode(connect("fuzz-will", 10, MqttVersion.MQTT_3_1_1).willFlag(true)
            .willQoS(MqttQoS.AT_LEAST_ONCE).willRetain(true).willTopic("kp1/" + APP + "/epmx/" + TOKEN + "/gone")
            .willMessage("bye".getBytes(StandardCharsets.UTF_8)).build()));
        connects.add(MqttBytes.encode(connect("x".repeat(300), 65535, MqttVersion.MQTT_3_1_1).build()));
        frames.addAll(connects);
        frames.add(MqttBytes.encode(connect("fuzz-5", 60, MqttVersion.MQTT_5).build()));
        frames.add(MqttBytes.encode(connect("", 60, MqttVersion.MQTT_3_1_1).cleanSession(false).build()));

        String epmx = "kp1/" + APP + "/epmx/" + TOKEN + "/";
        byte[] report = EpmxPayloads.modelAndMac("MySmartMeter A300", "02-1A-3F-00-00-07");
        for (int qos = 0; qos <= 1; qos++) {
            publishes.add(new PublishTemplate(epmx + "update/keys/1", qos, report));
            publishes.add(new PublishTemplate(epmx + "update/keys", qos, report));
            publishes.add(new PublishTemplate(epmx + "update/2", qos, report));
            publishes.add(new PublishTemplate(epmx + "get/3", qos, EpmxPayloads.getAll()));
            publishes.add(new PublishTemplate(epmx + "get/4", qos, utf8("{\"keys\":[\"model\",\"mac\"]}")));
            publishes.add(new PublishTemplate(epmx + "get/keys/5", qos, utf8("[]")));
            publishes.add(new PublishTemplate(epmx + "delete/keys/6", qos, utf8("[\"mac\"]")));
            publishes.add(new PublishTemplate("kp1/" + APP + "/dcx/" + TOKEN + "/json/7", qos, dcx(1, 1)));
            publishes.add(new PublishTemplate("kp1/" + APP + "/dcx/" + TOKEN + "/json/8", qos, dcx(2, 5)));
            publishes.add(new PublishTemplate("kp1/" + APP + "/dcx/" + TOKEN + "/json", qos, dcx(3, 3)));
        }
        publishes.add(new PublishTemplate(epmx + "get/007", 1, utf8("")));
        publishes.add(new PublishTemplate("kp1/" + APP + "/cmx/" + TOKEN + "/config/9", 1, utf8("{}")));
        publishes.add(new PublishTemplate(epmx + "update/keys/10", 1,
            new KpErrorPayload(400, "not a request").toJsonBytes()));
        publishes.add(new PublishTemplate(epmx + "update/keys/11", 2, report));
        publishes.add(new PublishTemplate("not/kp/at/all", 1, report));
        SplittableSeed seed = new SplittableSeed();
        for (PublishTemplate t : publishes) {
            frames.add(t.encode(seed.next()));
        }

        frames.add(MqttBytes.encode(simple(MqttMessageType.PINGREQ)));
        frames.add(MqttBytes.encode(simple(MqttMessageType.DISCONNECT)));
        frames.add(MqttBytes.encode(MqttMessageBuilders.subscribe().messageId(12)
            .addSubscription(MqttQoS.AT_LEAST_ONCE, "kp1/#").addSubscription(MqttQoS.EXACTLY_ONCE, "+/x").build()));
        frames.add(MqttBytes.encode(MqttMessageBuilders.unsubscribe().messageId(13).addTopicFilter("kp1/#").build()));
        for (MqttMessageType type : List.of(MqttMessageType.PUBACK, MqttMessageType.PUBREC, MqttMessageType.PUBREL,
            MqttMessageType.PUBCOMP)) {
            frames.add(MqttBytes.encode(new MqttMessage(new MqttFixedHeader(type, false,
                type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE, false, 0),
                MqttMessageIdVariableHeader.from(14))));
        }
        frames.add(MqttBytes.encode(MqttMessageBuilders.connAck().returnCode(
            io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_ACCEPTED).build()));
        frames.add(MqttBytes.encode(simple(MqttMessageType.PINGRESP)));
    }

    private static MqttMessageBuilders.ConnectBuilder connect(String clientId, int keepAlive, MqttVersion version) {
        return MqttMessageBuilders.connect().clientId(clientId).protocolVersion(version).cleanSession(true)
            .keepAlive(keepAlive);
    }

    private static MqttMessage simple(MqttMessageType type) {
        return new MqttMessage(new MqttFixedHeader(type, false, MqttQoS.AT_MOST_ONCE, false, 0));
    }

    private static byte[] dcx(long seed, int samples) {
        ByteBuf buf = Unpooled.buffer();
        try {
            new DcxBatch(new DcxMeter(seed)).next(samples, 1_763_000_000_000L).writeTo(buf);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Valid CONNECTs the simulator accepts (MQTT 3.1.1 and 3.1, with and without keepalive, credentials, will). */
    public List<byte[]> connects() {
        return connects;
    }

    /** Every valid frame, of every packet type. */
    public List<byte[]> frames() {
        return frames;
    }

    public List<PublishTemplate> publishes() {
        return publishes;
    }

    /** Fixed packet IDs for the corpus frames themselves. */
    private static final class SplittableSeed {
        private long n;

        java.util.SplittableRandom next() {
            return new java.util.SplittableRandom(++n);
        }
    }
}
