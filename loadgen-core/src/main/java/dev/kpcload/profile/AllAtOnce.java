package dev.kpcload.profile;

/** {@code connect: {rate: all}}: every device starts connecting at the same instant (a connect storm). */
public record AllAtOnce(String where) implements ConnectShape {
}
