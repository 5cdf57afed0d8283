package dev.kpcload.fuzz;

/** How an input is made from the corpus. */
public enum Strategy {
    /** Valid frames whose 1/KP payload or topic is mutated: reaches the JSON handling behind the codec. */
    STRUCTURED,
    /** One to three valid frames, concatenated, then mutated byte by byte. */
    RAW_MUTATION,
    /** Valid frames in a random order: packets out of place, a second CONNECT, anything after DISCONNECT. */
    VALID_SEQUENCE,
    /** Random bytes, sometimes behind a valid packet type. */
    RANDOM_BYTES
}
