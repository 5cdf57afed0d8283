package dev.kpcload.fuzz;

import java.util.HexFormat;
import java.util.List;

/**
 * One broken property: which, on which input of the loop, why, and the input's bytes read by read, so that a
 * regression test can replay it exactly.
 */
public record Finding(Violation violation, long inputIndex, String detail, List<byte[]> reads) {

    public Finding {
        reads = List.copyOf(reads);
    }

    /** The reads in hex, {@code |} between reads. */
    public String hex() {
        StringBuilder s = new StringBuilder();
        for (byte[] read : reads) {
            if (!s.isEmpty()) {
                s.append(" | ");
            }
            s.append(HexFormat.of().formatHex(read));
        }
        return s.toString();
    }

    /** Longer inputs are shown cut (their index and the seed replay them whole). */
    static final int MAX_HEX_SHOWN = 400;

    @Override
    public String toString() {
        String hex = hex();
        String shown = hex.length() <= MAX_HEX_SHOWN ? hex
            : hex.substring(0, MAX_HEX_SHOWN) + "... (" + reads.stream().mapToInt(r -> r.length).sum() + " bytes)";
        String why = detail.length() <= MAX_HEX_SHOWN ? detail : detail.substring(0, MAX_HEX_SHOWN) + "...";
        return violation + " at input " + inputIndex + ": " + why + " [" + shown + "]";
    }
}
