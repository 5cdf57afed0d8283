package dev.kpcload.fuzz;

import java.util.List;

/** One fuzz input run through a target: the reads delivered, what they came to, and any broken property. */
public record Trial(List<byte[]> reads, Outcome outcome, List<Problem> problems) {

    public Trial {
        reads = List.copyOf(reads);
        problems = List.copyOf(problems);
    }
}
