package dev.kpcload.fuzz;

/** A broken property as a target sees it; the loop adds which input it was into a {@link Finding}. */
public record Problem(Violation violation, String detail) {
}
