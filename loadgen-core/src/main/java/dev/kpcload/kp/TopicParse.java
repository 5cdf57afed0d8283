package dev.kpcload.kp;

/**
 * The outcome of parsing a topic: a topic, or the reason it is not one. Parsing errors are data here because
 * servers and clients meet them on their hot paths.
 */
public record TopicParse(KpTopic topic, String problem) {

    static TopicParse ok(KpTopic topic) {
        return new TopicParse(topic, null);
    }

    static TopicParse fail(String problem) {
        return new TopicParse(null, problem);
    }

    public boolean isOk() {
        return topic != null;
    }
}
