package dev.kpcload.fuzz;

/** A property of a server's or client's input path that one fuzz input broke. */
public enum Violation {
    /** An exception left a handler: it reached the last-resort handler or the pipeline's tail. */
    EXCEPTION_ESCAPED,
    /** A buffer allocated while the input was handled was still referenced after its channel was finished. */
    BUFFER_LEAKED,
    /** The decoder rejected a frame, yet the connection stayed open. */
    BAD_FRAME_LEFT_OPEN,
    /** The decoder rejected a frame and the connection closed, but no protocol error (or refusal) was counted. */
    BAD_FRAME_UNCOUNTED,
    /** The connection closed with nothing counted to say why. */
    CLOSE_UNEXPLAINED,
    /** A message went past the pipeline's last handler instead of being consumed. */
    MESSAGE_PASSED_THROUGH,
    /** A write of the pipeline's own failed (it could not be encoded): a reply silently lost. */
    WRITE_FAILED,
    /** What the pipeline wrote back is not valid MQTT, or not a packet it may send (a reply on a garbled topic). */
    INVALID_OUTPUT,
    /** The healthy connection beside the fuzzed one stopped working as it should. */
    HEALTHY_HARMED,
    /** The books of every message no longer balance. */
    BOOKS_UNBALANCED
}
