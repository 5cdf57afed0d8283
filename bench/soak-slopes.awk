# soak-slopes.awk: trend of each series of a soak's samples.csv (bench/soak-sample.sh), as a TSV.
#   awk -F, -v from=EPOCH_S -v flat=PCT -f bench/soak-slopes.awk samples.csv
# Only samples at or after `from` (the end of the warm-up) count. Per series: least-squares slope per hour against
# the sample time, its standard error, and the slope as a percentage of the series' mean per hour. "flat within
# noise" when |slope| is at most `flat` % of the mean per hour; counts that never move are "constant".
# Derived series: gen_cpu_pct (the generator's CPU between consecutive samples, % of one core).
BEGIN {
  OFS = "\t"
  nser = split("heap_live_B heap_used_KB heap_committed_KB metaspace_used_KB rss_KB fds threads sim_rss_KB " \
               "gen_cpu_pct confirmed_per_s reply_p99_ms send_lag_p99_ms sample_ms load1", ser, " ")
}
NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
$(col["epoch_s"]) + 0 >= from + 0 && $(col["heap_live_B"]) != "" {
  t = ($(col["epoch_s"]) - from) / 3600   # from 0: keeps the sums of squares well conditioned
  cpu = $(col["gen_cpu_s"])
  for (s = 1; s <= nser; s++) {
    name = ser[s]
    if (name == "gen_cpu_pct") {
      have = (seen_prev && t > prev_t)
      v = have ? 100 * (cpu - prev_cpu) / ((t - prev_t) * 3600) : ""
    } else {
      v = $(col[name])
    }
    if (v == "") continue
    v += 0
    n[name]++; sx[name] += t; sy[name] += v; sxx[name] += t * t; sxy[name] += t * v; syy[name] += v * v
    if (n[name] == 1 || v < mn[name]) mn[name] = v
    if (n[name] == 1 || v > mx[name]) mx[name] = v
    if (n[name] == 1) first[name] = v
    last[name] = v
  }
  prev_t = t; prev_cpu = cpu; seen_prev = 1
}
END {
  print "series", "samples", "mean", "first", "last", "min", "max", "slope_per_h", "slope_se_per_h", "slope_pct_of_mean_per_h", "verdict"
  for (s = 1; s <= nser; s++) {
    name = ser[s]; k = n[name]
    if (k < 3) { print name, k, "", "", "", "", "", "", "", "", "too few samples"; continue }
    mean = sy[name] / k
    dxx = sxx[name] - sx[name] * sx[name] / k
    slope = dxx > 0 ? (sxy[name] - sx[name] * sy[name] / k) / dxx : 0
    # residual variance of the fit -> standard error of the slope
    ssr = (syy[name] - sy[name] * sy[name] / k) - slope * (sxy[name] - sx[name] * sy[name] / k)
    se = (dxx > 0 && ssr > 0) ? sqrt(ssr / (k - 2) / dxx) : 0
    pct = mean != 0 ? 100 * slope / mean : 0
    apct = pct < 0 ? -pct : pct
    if (mn[name] == mx[name]) verdict = "constant"
    else if (apct <= flat) verdict = "flat within noise"
    else verdict = sprintf("%s %.2f %% of the mean per hour", slope > 0 ? "GROWS" : "falls", apct)
    print name, k, fmt(mean), fmt(first[name]), fmt(last[name]), fmt(mn[name]), fmt(mx[name]), fmt(slope), fmt(se), \
      sprintf("%.3f", pct), verdict
  }
}
function fmt(x) { return (x == int(x) && (x < 0 ? -x : x) < 1e15) ? sprintf("%d", x) : sprintf("%.3f", x) }
