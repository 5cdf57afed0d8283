package dev.kpcload.profile;

/** One item of a {@code stages:} list: a plain stage or one of the conveniences that stand for several. */
public sealed interface StageItem permits Stage, Step, Spike {

    /** Where the item starts ({@code FILE:LINE:COLUMN}). */
    String where();
}
