/**
 * {@code loadgen report compare BASE NEW}: two runs' outputs side by side and a regression verdict per latency and
 * ratio. {@link dev.kpcload.compare.RunOutputsReader} reads each side, {@link dev.kpcload.compare.Comparison} is the
 * pure comparison (records only, no I/O), {@link dev.kpcload.compare.Tolerance} holds the rule, and the printer and
 * JSON writer show it; the HTML page is {@code dev.kpcload.report.CompareReport}, beside the run report's charts.
 */
package dev.kpcload.compare;
