package dev.kpcload.profile;

/** How the connect rate goes over time. */
public sealed interface ConnectShape permits Steady, Staged, AllAtOnce {

    /** Where the shape was given ({@code FILE:LINE:COLUMN}). */
    String where();
}
