// Newsflow live dashboard: renders the server's snapshots (SSE /api/stream).
// Every article-derived string reaches the DOM as text (textContent / createTextNode), never as
// markup; the page's Content-Security-Policy forbids inline script as a second line of defence.
(function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";
  var STALE_AFTER_MS = 10000;
  var state = { snapshot: null, window: "hour", label: "ALL", language: "", lastEventAt: 0, tabs: "", source: null };

  function byTestId(id) { return document.querySelector('[data-testid="' + id + '"]'); }

  // Build an element; string children become text nodes, attributes are set one by one.
  function el(tag, attrs) {
    var node = document.createElement(tag);
    setAttrs(node, attrs);
    for (var i = 2; i < arguments.length; i++) { append(node, arguments[i]); }
    return node;
  }
  function svgEl(tag, attrs) {
    var node = document.createElementNS(SVG_NS, tag);
    setAttrs(node, attrs);
    for (var i = 2; i < arguments.length; i++) { append(node, arguments[i]); }
    return node;
  }
  function setAttrs(node, attrs) {
    if (!attrs) { return; }
    Object.keys(attrs).forEach(function (k) {
      if (attrs[k] !== null && attrs[k] !== undefined) { node.setAttribute(k, String(attrs[k])); }
    });
  }
  function append(node, child) {
    if (child === null || child === undefined) { return; }
    node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }

  var numberFormat = new Intl.NumberFormat();
  function num(n) { return n === null || n === undefined ? "—" : numberFormat.format(n); }
  function rate(r) { return r === null || r === undefined ? "—" : r.toFixed(r < 10 ? 1 : 0); }
  function signed(x) { return x === null || x === undefined ? "n/a" : (x > 0 ? "+" : "") + x.toFixed(2); }
  function clock(iso) { return iso ? new Date(iso).toLocaleTimeString([], { hour12: false }) : "—"; }
  function when(iso) {
    if (!iso) { return "—"; }
    var d = new Date(iso);
    var secs = (Date.now() - d.getTime()) / 1000;
    if (secs < 90) { return Math.max(0, Math.round(secs)) + " s ago"; }
    if (secs < 5400) { return Math.round(secs / 60) + " min ago"; }
    if (secs < 86400) { return clock(iso); }
    return d.toISOString().slice(0, 10);
  }
  // Only http(s) links; anything else (javascript:, data:) is shown as plain text.
  function httpUrl(url) {
    try {
      var u = new URL(url);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (e) { return null; }
  }

  function setText(id, value) { byTestId(id).textContent = value; }

  function renderTotals(t) {
    setText("total-ingested", num(t.ingested));
    setText("total-enriched", num(t.enriched));
    setText("total-dead-lettered", num(t.dead_lettered));
    setText("total-duplicates", num(t.duplicates));
    setText("total-quotes", num(t.attributed_quotes));
  }

  function renderPerMinute(pm) {
    var chart = byTestId("per-minute-chart");
    // Draw in CSS pixels (viewBox = rendered size) so the axis text is not stretched.
    var W = Math.max(chart.clientWidth || 720, 200), H = 150, top = 14, bottom = 20, left = 30;
    chart.setAttribute("viewBox", "0 0 " + W + " " + H);
    var n = pm.enriched.length;
    var max = 1;
    for (var i = 0; i < n; i++) { max = Math.max(max, pm.enriched[i] + pm.dead_lettered[i]); }
    var plotH = H - top - bottom, step = (W - left) / n, bar = Math.max(step - 2, 1);
    var nodes = [
      svgEl("line", { x1: left, x2: W, y1: top, y2: top, "class": "grid" }),
      svgEl("line", { x1: left, x2: W, y1: H - bottom, y2: H - bottom, "class": "grid" }),
      svgEl("text", { x: left - 4, y: top + 4, "text-anchor": "end", "class": "axis" }, num(max)),
      svgEl("text", { x: left - 4, y: H - bottom, "text-anchor": "end", "class": "axis" }, "0"),
      svgEl("text", { x: left, y: H - 4, "class": "axis" }, "−60 min"),
      svgEl("text", { x: left + (W - left) / 2, y: H - 4, "text-anchor": "middle", "class": "axis" }, "−30 min"),
      svgEl("text", { x: W, y: H - 4, "text-anchor": "end", "class": "axis" }, "now")
    ];
    var start = new Date(pm.start).getTime();
    for (var j = 0; j < n; j++) {
      var e = pm.enriched[j], d = pm.dead_lettered[j];
      if (!e && !d) { continue; }
      var x = left + j * step, he = plotH * e / max, hd = plotH * d / max;
      var label = clock(new Date(start + j * 60000).toISOString()) + ": " + e + " enriched, " + d + " dead-lettered";
      var group = svgEl("g", null, svgEl("title", null, label));
      if (e) { group.appendChild(svgEl("rect", { x: x, y: H - bottom - he, width: bar, height: he, "class": "enriched" })); }
      if (d) { group.appendChild(svgEl("rect", { x: x, y: H - bottom - he - hd, width: bar, height: hd, "class": "dead" })); }
      nodes.push(group);
    }
    chart.replaceChildren.apply(chart, nodes);
  }

  function renderTabs(entities) {
    var labels = Object.keys((entities && entities[state.window]) || {}).filter(function (l) { return l !== "ALL"; }).sort();
    labels.unshift("ALL");
    if (labels.indexOf(state.label) < 0) { state.label = "ALL"; }
    var key = labels.join(",") + "|" + state.label;
    if (key === state.tabs) { return; }
    state.tabs = key;
    var tabs = byTestId("entity-tabs");
    tabs.replaceChildren.apply(tabs, labels.map(function (label) {
      var b = el("button", { type: "button", role: "tab", "data-label": label, "aria-selected": label === state.label ? "true" : "false" },
        label === "ALL" ? "all types" : label);
      b.addEventListener("click", function () { state.label = label; state.tabs = ""; renderEntities(); });
      return b;
    }));
  }

  // Top entities of every language, or of the chosen one (the server sends tabs for the last day's languages).
  function chosenEntities() {
    var s = state.snapshot;
    if (!s) { return null; }
    if (!state.language) { return s.entities; }
    return (s.entities_by_language || {})[state.language] || {};
  }

  function renderEntities() {
    var entities = chosenEntities();
    renderTabs(entities);
    var rows = ((entities && entities[state.window]) || {})[state.label] || [];
    var box = byTestId("top-entities");
    if (!rows.length) {
      box.replaceChildren(el("div", { "class": "empty" }, state.snapshot && state.snapshot.entities ? "No entities in this window yet." : "Waiting for data…"));
      return;
    }
    var max = rows[0].articles || 1;
    rows.forEach(function (r) { max = Math.max(max, r.articles); });
    box.replaceChildren.apply(box, rows.map(function (r) {
      var pct = Math.max(100 * r.articles / max, 1.5).toFixed(1) + "%";
      var tip = r.name + " (" + r.label + "): " + r.articles + " articles, " + r.mentions + " mentions, mean stance " + signed(r.stance);
      return el("div", { "class": "bar-row", "data-entity-key": r.key, "data-stance": r.stance === null ? "" : r.stance, title: tip },
        el("div", { "class": "bar-name" }, el("span", { "class": "entity-name" }, r.name), el("span", { "class": "badge" }, r.label)),
        svgEl("svg", { "aria-hidden": "true" }, svgEl("rect", { x: 0, y: 1, height: 12, width: pct, rx: 2, fill: r.colour })),
        el("div", { "class": "bar-figures" }, r.articles + " art · " + signed(r.stance)));
    }));
  }

  function renderQuotes(all) {
    var quotes = state.language ? all.filter(function (q) { return q.language === state.language; }) : all;
    var list = byTestId("quote-feed");
    if (!quotes.length) { list.replaceChildren(el("li", { "class": "empty" }, "No attributed quotes yet.")); return; }
    list.replaceChildren.apply(list, quotes.map(function (q) {
      var href = q.url ? httpUrl(q.url) : null;
      var title = q.title || "(untitled)";
      var titleNode = href ? el("a", { href: href, target: "_blank", rel: "noopener noreferrer", "class": "title" }, title)
                           : el("span", { "class": "title" }, title);
      return el("li", { "data-article-id": q.article_id, "data-quote-idx": q.idx, "data-language": q.language },
        el("blockquote", { "class": "quote-text" }, "“" + q.quote + "”"),
        el("div", { "class": "meta" },
          el("span", { "class": "speaker" }, "— " + q.speaker), " · ", titleNode,
          q.source ? " · " : null, q.source ? el("span", { "class": "source" }, q.source) : null,
          " · " + when(q.seen_at)),
        quoteTargets(q.targets || []));
    }));
  }

  // The entities a quote talks about and the speaker's stance toward each; a stance read through an
  // action ("the sanctions on X", bad for X) says so in its tooltip and is marked "via".
  var MAX_TARGET_CHIPS = 6;  // a quote naming dozens of entities keeps the feed readable
  function quoteTargets(all) {
    var targets = all.filter(function (t) { return t.target; });
    if (!targets.length) { return null; }
    var box = el("div", { "class": "quote-targets" });
    targets.slice(0, MAX_TARGET_CHIPS).forEach(function (t) {
      var why = t.event
        ? "read through “" + t.event + "” (" + (t.event_effect === "bad_for" ? "bad" : "good") + " for " + t.target + ")"
        : "the quote's view of " + t.target;
      append(box, el("span", { "class": "quote-target " + t.stance, "data-testid": "quote-target", "data-target-key": t.target_key,
                               "data-stance": t.stance, title: t.stance + " " + signed(t.score) + ": " + why },
        "→ " + t.target + " " + signed(t.score), t.event ? el("span", { "class": "via" }, " via action") : null));
    });
    if (targets.length > MAX_TARGET_CHIPS) {
      append(box, el("span", { "class": "quote-target more", "data-testid": "quote-targets-more" },
        "+" + (targets.length - MAX_TARGET_CHIPS) + " more"));
    }
    return box;
  }

  function tableRows(id, rows, empty, columns) {
    var body = byTestId(id).tBodies[0];
    if (!rows.length) {
      body.replaceChildren(el("tr", null, el("td", { colspan: columns, "class": "empty" }, empty)));
      return;
    }
    body.replaceChildren.apply(body, rows);
  }

  function renderSpeakers(speakers) {
    tableRows("top-speakers", speakers.map(function (s) {
      return el("tr", null, el("td", { "class": "speaker" }, s.speaker), el("td", { "class": "num" }, num(s.quotes)),
        el("td", { "class": "num" }, num(s.articles)));
    }), "No attributed quotes in the last 24 h.", 3);
  }

  function renderLanguages(languages) {
    var select = byTestId("language-filter");
    var codes = languages.map(function (l) { return l.language; });
    if (state.language && codes.indexOf(state.language) < 0) { codes.push(state.language); }
    var key = codes.join(",");
    if (select.getAttribute("data-codes") !== key) {
      select.setAttribute("data-codes", key);
      var options = [el("option", { value: "" }, "all languages")].concat(codes.map(function (c) { return el("option", { value: c }, c); }));
      select.replaceChildren.apply(select, options);
      select.value = state.language;
    }
    tableRows("languages", languages.map(function (l) {
      return el("tr", { "data-language": l.language }, el("td", { "class": "language" }, l.language),
        el("td", { "class": "num" }, num(l.articles)), el("td", { "class": "num" }, num(l.last_day)),
        el("td", { "class": "num" }, num(l.skipped)));
    }), "No articles yet.", 4);
  }

  function renderSources(sources) {
    tableRows("sources", sources.map(function (s) {
      var name = s.source === null ? el("td", { "class": "unknown" }, "(no source)") : el("td", { "class": "source" }, s.source);
      return el("tr", null, name, el("td", { "class": "num" }, num(s.articles)),
        el("td", { title: "published " + (s.last_published_at || "unknown") }, when(s.last_seen_at)));
    }), "No articles yet.", 3);
  }

  function renderDeadLetters(rows) {
    tableRows("dead-letter-reasons", rows.map(function (r) {
      return el("tr", { "data-reason": r.reason }, el("td", { "class": "reason" }, r.reason),
        el("td", { "class": "num" }, num(r.count)), el("td", null, r.stages.join(", ")), el("td", null, when(r.last_at)));
    }), "No dead letters.", 4);
  }

  function renderPipeline(p, errors) {
    if (!p.stages.length) {
      tableRows("stage-health", [], errors && errors.kafka ? "Kafka unavailable: " + errors.kafka : "Waiting for Kafka…", 6);
      return;
    }
    tableRows("stage-health", p.stages.map(function (s) {
      return el("tr", { "data-stage": s.stage }, el("td", null, s.stage), el("td", null, s.input + " → " + s.output),
        el("td", { "class": "num" }, num(s.received)),
        el("td", { "class": "num lag" + (s.lag > 0 ? " warn" : "") }, num(s.lag)),
        el("td", { "class": "num" }, rate(s.in_per_s)), el("td", { "class": "num" }, rate(s.out_per_s)));
    }), "", 6);
  }

  function renderErrors(s) {
    var banner = byTestId("errors");
    var parts = [];
    if (s.errors.database) { parts.push("PostgreSQL: " + s.errors.database + (s.database_at ? " (showing data from " + clock(s.database_at) + ")" : "")); }
    if (s.errors.kafka) { parts.push("Kafka: " + s.errors.kafka); }
    banner.hidden = parts.length === 0;
    banner.textContent = parts.join(" · ");
  }

  function render(s) {
    state.snapshot = s;
    renderErrors(s);
    setText("updated-at", clock(s.generated_at));
    if (s.totals) {
      renderTotals(s.totals);
      renderPerMinute(s.per_minute);
      renderEntities();
      renderQuotes(s.quotes);
      renderSpeakers(s.speakers);
      renderLanguages(s.languages || []);
      renderSources(s.sources);
      renderDeadLetters(s.dead_letters);
    }
    renderPipeline(s.pipeline, s.errors);
  }

  function setStatus(name, text) {
    var box = byTestId("connection-status");
    box.setAttribute("data-state", name);
    box.querySelector(".status-text").textContent = text;
  }

  function connect() {
    var source = new EventSource("/api/stream");
    state.source = source;
    source.addEventListener("open", function () { setStatus("connecting", "connected, waiting for data…"); });
    source.addEventListener("snapshot", function (event) {
      state.lastEventAt = Date.now();
      setStatus("live", "live");
      render(JSON.parse(event.data));
    });
    source.addEventListener("error", function () {
      if (source.readyState === EventSource.CLOSED) {
        // The browser gave up (e.g. an HTTP error): start over ourselves.
        setStatus("offline", "offline, retrying…");
        window.setTimeout(connect, 3000);
      } else {
        setStatus("reconnecting", "reconnecting…");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    byTestId("entity-window").addEventListener("change", function (event) {
      state.window = event.target.value;
      state.tabs = "";
      renderEntities();
    });
    byTestId("language-filter").addEventListener("change", function (event) {
      state.language = event.target.value;
      state.tabs = "";
      renderEntities();
      if (state.snapshot && state.snapshot.quotes) { renderQuotes(state.snapshot.quotes); }
    });
    window.setInterval(function () {
      var box = byTestId("connection-status");
      if (box.getAttribute("data-state") === "live" && state.lastEventAt && Date.now() - state.lastEventAt > STALE_AFTER_MS) {
        setStatus("stale", "no update for " + Math.round((Date.now() - state.lastEventAt) / 1000) + " s");
      }
    }, 1000);
    connect();
  });
})();
