package dev.kpcload.profile;

/** How the message rate goes over time. */
public sealed interface PublishShape permits Steady, Staged, NoMessages {

    /** Where the shape was given ({@code FILE:LINE:COLUMN}). */
    String where();
}
