package dev.kpcload.report;

/**
 * The page's inline CSS. System fonts only: the report must open on an air-gapped laptop exactly as it
 * does online, so nothing is fetched. SVG text is styled here too, which keeps the chart markup small.
 */
final class ReportStyle {

    private ReportStyle() {
    }

    static final String CSS = """
        :root{--fg:#202124;--muted:#5f6368;--line:#dadce0;--bg:#fff;--panel:#f8f9fa;--good:#188038;--warn:#b06000;\
        --bad:#d93025}
        *{box-sizing:border-box}
        body{margin:0;background:var(--panel);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",\
        Roboto,"Helvetica Neue",Arial,sans-serif}
        main{max-width:1180px;margin:0 auto;padding:24px 28px 40px}
        header{display:flex;flex-wrap:wrap;align-items:center;gap:6px 14px;margin-bottom:12px}
        h1{font-size:24px;margin:0;font-weight:600}
        h2{font-size:17px;margin:0 0 4px;font-weight:600}
        header .sub{flex-basis:100%;margin:0;color:var(--muted)}
        section{background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin:16px 0}
        .badge{display:inline-block;padding:2px 10px;border-radius:12px;font-weight:600;font-size:13px;color:#fff}
        .badge.good{background:var(--good)}.badge.warn{background:var(--warn)}.badge.bad{background:var(--bad)}
        .accounting{display:flex;flex-wrap:wrap;align-items:center;gap:6px 12px;padding:10px 14px;border-radius:6px;\
        border-left:5px solid var(--good);background:#e6f4ea;font-variant-numeric:tabular-nums}
        .accounting.bad{border-left-color:var(--bad);background:#fce8e6}
        .accounting .eq{font-size:15px;font-weight:600}
        .accounting .note{flex-basis:100%;margin:0}
        .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:10px;margin:14px 0 8px}
        .card{border:1px solid var(--line);border-radius:6px;padding:10px 12px}
        .card .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
        .card .value{font-size:22px;font-weight:600;font-variant-numeric:tabular-nums;white-space:nowrap}
        .card .value small{font-size:13px;font-weight:400;color:var(--muted)}
        .card .sub{color:var(--muted);font-size:12px}
        .note{color:var(--muted);font-size:13px;margin:6px 0}
        .ok{font-size:15px;font-weight:600;color:var(--good);margin:8px 0}
        table.lat{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums;margin-top:6px}
        table.lat th,table.lat td{padding:5px 10px;border-bottom:1px solid var(--line);text-align:right}
        table.lat th:nth-child(-n+2),table.lat td:nth-child(-n+2){text-align:left}
        table.lat th{font-size:12px;color:var(--muted);font-weight:600}
        table.lat tr.none td{color:#9aa0a6}
        table.lat td.nodata{text-align:center;font-style:italic}
        .wide{overflow-x:auto}table.steps td{white-space:nowrap}
        table.lat td.why{text-align:left;font-size:12px;color:var(--muted);white-space:normal;padding-top:0}
        table.lat tr.step-with-why td{border-bottom:none}
        table.lat td.pass{color:var(--good);font-weight:600}table.lat td.fail{color:var(--bad);font-weight:600}
        table.lat td.inconclusive{color:var(--warn);font-weight:600}
        .sw{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px}
        dl.config{display:grid;grid-template-columns:repeat(3,max-content minmax(0,1fr));gap:3px 12px;margin:8px 0 0;\
        font-size:13px}
        dl.config dt{color:var(--muted)}dl.config dd{margin:0;font-family:ui-monospace,Menlo,Consolas,monospace;\
        overflow-wrap:anywhere}
        figure{margin:8px 0 0}
        figcaption{color:var(--muted);font-size:13px}
        svg.chart{width:100%;height:auto;display:block;font-family:inherit}
        svg .grid{stroke:#e8eaed;stroke-width:1}svg .grid.v{stroke:#f1f3f4}
        svg .frame{fill:none;stroke:#bdc1c6}
        svg .tick{font-size:12px;fill:var(--muted)}
        svg .axis{font-size:13px;fill:var(--fg)}
        svg .legend{font-size:12px;fill:var(--fg)}
        svg .band{font-size:12px;fill:#b06000;font-style:italic}
        svg text.rule{font-size:12px}svg text.marker{font-size:12px;font-weight:600}
        svg .empty{font-size:15px;fill:var(--muted)}
        svg .group{font-size:13px;font-weight:600;fill:var(--fg)}
        svg .value{font-size:12px;fill:var(--fg);font-variant-numeric:tabular-nums}
        svg .hv rect{fill:transparent}svg .hv rect:hover{fill:rgba(60,64,67,.08)}
        svg .pt{opacity:0}svg .pt:hover{opacity:1}
        footer{color:var(--muted);font-size:12px;text-align:center}
        @media print{body{background:#fff}section{break-inside:avoid}}
        """;
}
