package dev.kpcload.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Horizontal bars in labelled groups, as inline SVG: one row per kind or reason, the count and its share
 * printed beside the bar. Horizontal because labels such as {@code connection_lost} are long, and all groups
 * share one scale so that a big bar means many, whichever group it is in.
 */
final class BarChart {

    /** @param share the count's share, already worded (e.g. "0.12 % of scheduled"), or empty */
    record Bar(String label, long value, String share) {
    }

    record Group(String title, String color, List<Bar> bars) {
    }

    private static final int WIDTH = LineChart.WIDTH;
    private static final int LABEL_RIGHT = 290;
    private static final int BAR_LEFT = 300;
    private static final int VALUE_ROOM = 230;
    private static final int GROUP_ROW = 28;
    private static final int BAR_ROW = 24;

    private final String title;
    private final List<Group> groups = new ArrayList<>();

    BarChart(String title) {
        this.title = title;
    }

    BarChart add(Group g) {
        if (!g.bars().isEmpty()) {
            groups.add(g);
        }
        return this;
    }

    boolean isEmpty() {
        return groups.isEmpty();
    }

    String svg() {
        long max = 1;
        int height = 8;
        for (Group g : groups) {
            height += GROUP_ROW + g.bars().size() * BAR_ROW;
            for (Bar bar : g.bars()) {
                max = Math.max(max, bar.value());
            }
        }
        double span = WIDTH - BAR_LEFT - VALUE_ROOM;
        StringBuilder b = new StringBuilder(4096);
        b.append(String.format(Locale.ROOT, "<svg class=\"chart bars\" viewBox=\"0 0 %d %d\" role=\"img\" "
            + "aria-label=\"%s\"><title>%s</title>", WIDTH, height, Html.esc(title), Html.esc(title)));
        double y = 8;
        for (Group g : groups) {
            b.append(String.format(Locale.ROOT, "<text class=\"group\" x=\"16\" y=\"%.1f\">%s</text>", y + 19,
                Html.esc(g.title())));
            b.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"16\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>",
                y + GROUP_ROW - 2, WIDTH - 16, y + GROUP_ROW - 2));
            y += GROUP_ROW;
            for (Bar bar : g.bars()) {
                // A bar of 1 among millions still gets a visible sliver: an error must never look like none.
                double w = bar.value() <= 0 ? 0 : Math.max(2, span * bar.value() / max);
                b.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s"
                    + "</text>", LABEL_RIGHT, y + 16, Html.esc(bar.label())));
                b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" rx=\"2\" "
                    + "fill=\"%s\"><title>%s: %s</title></rect>", BAR_LEFT, y + 4, w, BAR_ROW - 8, g.color(),
                    Html.esc(bar.label()), Html.count(bar.value())));
                String share = bar.share().isEmpty() ? "" : "  (" + bar.share() + ")";
                b.append(String.format(Locale.ROOT, "<text class=\"value\" x=\"%.1f\" y=\"%.1f\">%s%s</text>",
                    BAR_LEFT + w + 8, y + 16, Html.count(bar.value()), Html.esc(share)));
                y += BAR_ROW;
            }
        }
        b.append("</svg>");
        return b.toString();
    }
}
