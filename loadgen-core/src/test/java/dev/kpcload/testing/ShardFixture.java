package dev.kpcload.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kpcload.metrics.IntervalLog;
import dev.kpcload.metrics.LatencyKind;
import dev.kpcload.metrics.LatencyRecorders;
import dev.kpcload.metrics.LatencyStats;
import dev.kpcload.metrics.RunPhase;
import dev.kpcload.metrics.TimelinePoint;
import dev.kpcload.result.JournalLine;
import dev.kpcload.result.RunOutcome;
import dev.kpcload.result.RunSummary;
import dev.kpcload.result.SummaryJson;
import dev.kpcload.slo.SloOutcome;
import dev.kpcload.slo.SloResult;
import dev.kpcload.slo.SloVerdict;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hand-made shard's {@code --out} folder, as {@code loadgen run} writes it: {@code summary.json},
 * {@code intervals.jsonl} (one line per 1 s report interval, the books so far) and {@code run.hlog} (the status
 * latencies of each interval). Each interval confirms every message it schedules; publishing starts
 * {@link #PUBLISH_START} seconds into the run.
 */
public final class ShardFixture {

    public static final double PUBLISH_START = 0.5;
    public static final String KIND = "epmx-update-keys";

    private final int index;
    private final int count;
    private final String runId;
    private long startMillis = 1_795_000_000_000L;
    private int devices = 10;
    private final List<long[]> statusMicros = new ArrayList<>();
    private final List<Long> failed = new ArrayList<>();
    private final List<String> slos = new ArrayList<>();
    private String abortedBy;
    private boolean finished = true;
    private String startAt;

    public ShardFixture(int index, int count, String runId) {
        this.index = index;
        this.count = count;
        this.runId = runId;
    }

    /** When the shard's run started, epoch ms. */
    public ShardFixture startingAt(long millis) {
        this.startMillis = millis;
        return this;
    }

    /** The run was anchored to {@code --start-at} at epoch ms {@code millis} (its report interval is 1 s). */
    public ShardFixture anchoredAt(long millis) {
        this.startAt = java.time.Instant.ofEpochMilli(millis).toString();
        return this;
    }

    public ShardFixture devices(int devices) {
        this.devices = devices;
        return this;
    }

    /** One more 1 s interval: a message confirmed per value (microseconds), plus {@code failures} failed ones. */
    public ShardFixture interval(long failures, long... micros) {
        statusMicros.add(micros);
        failed.add(failures);
        return this;
    }

    /** {@code intervals} intervals of {@code messages} messages confirmed after {@code micros} each. */
    public ShardFixture intervals(int intervals, int messages, long micros) {
        for (int i = 0; i < intervals; i++) {
            long[] values = new long[messages];
            java.util.Arrays.fill(values, micros);
            interval(0, values);
        }
        return this;
    }

    /** The SLOs the shard was judged on (each passed, as far as its summary says). */
    public ShardFixture slos(String... texts) {
        slos.addAll(List.of(texts));
        return this;
    }

    /** An SLO with {@code abort} stopped the shard. */
    public ShardFixture abortedBy(String text) {
        this.abortedBy = text;
        return this;
    }

    /** The shard was killed: no summary.json, its journal's last line is what is left. */
    public ShardFixture killed() {
        this.finished = false;
        return this;
    }

    public Path writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            writeLog(dir.resolve("run.hlog"));
            List<String> journal = new ArrayList<>();
            ObjectMapper json = new ObjectMapper();
            for (int i = 0; i < statusMicros.size(); i++) {
                journal.add(json.writeValueAsString(new JournalLine(point(i), books(i + 1, RunOutcome.INCOMPLETE))));
            }
            Files.write(dir.resolve("intervals.jsonl"), journal);
            if (finished) {
                RunOutcome outcome = abortedBy != null ? RunOutcome.ABORTED : RunOutcome.COMPLETED;
                SummaryJson.write(books(statusMicros.size(), outcome), dir.resolve("summary.json"));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The status latencies of intervals {@code [from, to)}, nanoseconds. */
    public Histogram status(int from, int to) {
        Histogram h = LatencyRecorders.newHistogram();
        for (int i = from; i < to; i++) {
            for (long micros : statusMicros.get(i)) {
                h.recordValue(micros * 1000);
            }
        }
        return h;
    }

    public Histogram status() {
        return status(0, statusMicros.size());
    }

    private void writeLog(Path file) {
        try (IntervalLog log = new IntervalLog(file, startMillis - 40, "fixture shard " + index)) {
            for (int i = 0; i < statusMicros.size(); i++) {
                Histogram status = status(i, i + 1);
                status.setStartTimeStamp(startMillis + i * 1000L);
                status.setEndTimeStamp(startMillis + (i + 1) * 1000L);
                log.write("status", status);
                Histogram connect = LatencyRecorders.newHistogram();
                connect.setStartTimeStamp(status.getStartTimeStamp());
                connect.setEndTimeStamp(status.getEndTimeStamp());
                log.write("connect", connect);
            }
        }
    }

    private long messagesUntil(int intervals) {
        long total = 0;
        for (int i = 0; i < intervals; i++) {
            total += statusMicros.get(i).length + failed.get(i);
        }
        return total;
    }

    private long failedUntil(int intervals) {
        return failed.subList(0, intervals).stream().mapToLong(Long::longValue).sum();
    }

    private TimelinePoint point(int i) {
        long messages = statusMicros.get(i).length + failed.get(i);
        Map<String, LatencyStats> latencies = new LinkedHashMap<>();
        latencies.put(LatencyKind.STATUS.tag(), LatencyStats.of(status(i, i + 1)));
        double seconds = i == 0 ? 1 - PUBLISH_START : 1;
        return new TimelinePoint(i + 1, RunPhase.PUBLISH, devices, messages / seconds, messages / seconds,
            statusMicros.get(i).length / seconds, failedUntil(i + 1), 0, 0, latencies);
    }

    /** The books after {@code intervals} intervals. */
    private RunSummary books(int intervals, RunOutcome outcome) {
        long total = messagesUntil(intervals);
        long failures = failedUntil(intervals);
        var messages = new RunSummary.Messages(total, total, total - failures, failures,
            failures == 0 ? Map.of() : Map.of("error_reply", failures), 0, 0, Map.of(), 0,
            failures == 0 ? Map.of() : Map.of("500", failures));
        double publishSeconds = intervals - PUBLISH_START;
        var rates = new RunSummary.Rates(total / publishSeconds, total / publishSeconds, total / publishSeconds,
            (total - failures) / publishSeconds, publishSeconds);
        Map<String, LatencyStats> latencies = new LinkedHashMap<>();
        for (LatencyKind kind : LatencyKind.values()) {
            latencies.put(kind.tag(), LatencyStats.of(kind == LatencyKind.STATUS ? status(0, intervals)
                : LatencyRecorders.newHistogram()));
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("devices", devices);
        config.put("runId", runId);
        config.put("shard", index);
        config.put("shards", count);
        config.put("ratePerSecond", 100.0);
        config.put("mix", List.of(KIND + ":1"));
        if (startAt != null) {
            config.put("startAt", startAt);
            config.put("reportIntervalSeconds", 1.0);
        }
        var devicesBooks = new RunSummary.Devices(devices, devices, 0, Map.of(), Map.of(), 0);
        var other = new RunSummary.Other(0, 0, 0, 1000L * total, 500L * total, "epoll", intervals);
        SloVerdict verdict = null;
        if (!slos.isEmpty() && outcome != RunOutcome.INCOMPLETE) {
            List<SloResult> results = slos.stream().map(text -> new SloResult(text, "--slo", SloOutcome.PASS, 1.0,
                2.0, "ms", "1ms", "-50.0%", null, null, text.endsWith("abort"), text.equals(abortedBy))).toList();
            verdict = SloVerdict.of(results, abortedBy);
        }
        return new RunSummary(outcome, config, devicesBooks, messages, rates,
            new RunSummary.Reports(devices, devices, Map.of()), latencies, other,
            Map.of(KIND, new RunSummary.Part(messages, Map.of())), null, List.of(), verdict);
    }
}
