package dev.kpcload.profile;

/**
 * {@code publish: none}: no message plan. Each device still sends the metadata report it sends on CONNACK, like
 * the tutorial meter; nothing else.
 */
public record NoMessages(String where) implements PublishShape {
}
