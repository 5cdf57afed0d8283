package dev.kpcload.fuzz;

/** The byte-level mutations of {@link Mutator}. */
public enum Mutation {
    /** Flip one to eight bits. */
    BIT_FLIP,
    /** Overwrite a byte with a value parsers treat specially (0x00, 0xFF, 0x80, a packet type, a JSON token). */
    INTERESTING_BYTE,
    /** Insert one to sixteen bytes. */
    INSERT,
    /** Delete one to sixteen bytes. */
    DELETE,
    /** Rewrite a frame's remaining length: off by a little, zero, huge, five varint bytes, non-minimal. */
    REMAINING_LENGTH_LIE,
    /** Rewrite a two-byte length (topic, protocol name, string field) as 0, 0xFFFF, or off by one. */
    SHORT_LENGTH_LIE,
    /** Cut the input short. */
    TRUNCATE,
    /** This input's head joined to another valid frame's tail. */
    SPLICE,
    /** Repeat a stretch of the input. */
    DUPLICATE,
    /** Append another valid frame: what follows a bad frame must be ignored. */
    APPEND_FRAME,
    /** Change a frame's packet type or its flags nibble. */
    HEADER_BYTE
}
