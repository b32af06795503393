/* frontwatch page, the side panel's views: the sortable table of events in view, one event
   with the sentences behind its fields, a place's control history, and the control view (a
   time axis per place, its statuses coloured per actor). app.js decides which one shows. */
"use strict";

(function () {
  const { el, svgEl, typeColour, statusColour, statusChip, textOn, fmt, dayNum, state } = FW;

  // --- table ---------------------------------------------------------------------------------
  const COLUMNS = [
    ["event_date", "Date"], ["sub_event_type", "Type"], ["location", "Place"], ["actor1", "Actors"], ["fatalities", "Deaths"],
  ];

  function drawTable(data, h) {
    const box = document.getElementById("table-body");
    const head = el("tr", {}, COLUMNS.map(([key, label]) => {
      const on = state.sort === key;
      return el("th", { scope: "col", "aria-sort": on ? (state.order === "asc" ? "ascending" : "descending") : "none" },
        el("button", { type: "button", class: "sort", "data-sort": key, onclick: () => h.sort(key) }, label, el("span", { class: "sort-mark", "aria-hidden": "true" }, on ? (state.order === "asc" ? " ▲" : " ▼") : "")));
    }), el("th", { scope: "col" }, "Sources"));
    const rows = data.events.map((e) => el("tr", { "data-event": e.event_id, class: e.event_id === state.event ? "current" : null },
      el("td", { class: "nowrap" }, el("a", { href: "#event=" + encodeURIComponent(e.event_id), class: "event-link", "data-event": e.event_id }, e.event_date)),
      el("td", {}, el("span", { class: "swatch", style: "background:" + typeColour(e.event_type) }), " ", e.sub_event_type,
        e.disputed ? el("span", { class: "chip disputed-chip", title: "the sources disagree" }, "disputed") : null),
      el("td", {}, e.location, el("span", { class: "muted small" }, [e.admin1, e.country].filter(Boolean).map((x) => ", " + x).join(""))),
      el("td", { class: "small" }, e.actor1 || "—", e.actor2 ? el("span", { class: "muted" }, " vs " + e.actor2) : null),
      el("td", { class: "num" }, fmt(e.fatalities)),
      el("td", { class: "small muted" }, (e.sources || []).join("; "))
    ));
    const first = data.total ? data.offset + 1 : 0;
    const last = data.offset + data.events.length;
    const pager = el("div", { class: "pager" },
      el("button", { type: "button", class: "prev", disabled: data.offset <= 0, onclick: () => h.page(Math.max(0, data.offset - data.limit)) }, "‹ previous"),
      el("span", { class: "page-info" }, fmt(first) + "–" + fmt(last) + " of " + fmt(data.total)),
      el("button", { type: "button", class: "next", disabled: last >= data.total, onclick: () => h.page(data.offset + data.limit) }, "next ›"));
    box.replaceChildren(
      data.total ? el("table", { class: "events", "aria-label": "events, sortable by column" }, el("thead", {}, head), el("tbody", {}, rows))
        : el("p", { class: "muted" }, "No events here: widen the map or the filters."),
      pager);
  }

  // --- one event -------------------------------------------------------------------------------
  // n: the marked sentences (across the articles) that support this field
  function field(label, value, n, key) {
    return el("div", { class: "field", "data-field": key },
      el("dt", {}, label),
      el("dd", {},
        el("span", { class: "value" }, value === null || value === undefined || value === "" ? "—" : String(value)),
        n ? el("button", { type: "button", class: "ev-btn", "aria-label": "show the evidence for " + label.toLowerCase(), onclick: () => focusField(key) },
          n + (n === 1 ? " sentence" : " sentences")) : el("span", { class: "muted small" }, " no evidence span")));
  }

  function focusField(key) {
    const panel = document.getElementById("tab-detail");
    let first = null;
    for (const m of panel.querySelectorAll("mark.ev")) {
      const on = m.dataset.fields.split(" ").includes(key);
      m.classList.toggle("active", on);
      if (on && !first) first = m;
    }
    if (first) { first.scrollIntoView({ block: "center" }); first.focus({ preventScroll: true }); }
  }

  // the article's text with only the sentences that support a field marked, each labelled with its fields
  function markedText(text, marks) {
    const out = el("div", { class: "article-text" });
    let at = 0;
    for (const m of marks) {
      if (m.start < at) continue; // overlapping marks: the first one wins
      out.append(text.slice(at, m.start));
      out.append(el("mark", { class: "ev" + (m.claim ? " claim" : ""), "data-fields": m.fields.join(" "), tabindex: "-1" },
        el("span", { class: "ev-label" }, m.labels.join(" · ") + (m.claim ? " — " + m.claim : "")), " ", text.slice(m.start, m.end)));
      at = m.end;
    }
    out.append(text.slice(at));
    return out;
  }

  function claimLine(c) {
    return el("li", { class: "claim" },
      el("strong", {}, c.source || "unattributed"),
      c.source_type && c.source_type !== "unknown" ? el("span", { class: "muted small" }, " (" + c.source_type.replace(/_/g, " ") + ")") : null,
      c.verb ? " " + c.verb : "", c.value !== null && c.value !== undefined ? el("span", { class: "value-tag" }, String(c.value)) : null,
      c.stance && c.stance !== "assert" ? el("span", { class: "chip small-chip" }, c.stance.replace("_", " ")) : null,
      el("blockquote", {}, c.text), c.outlet ? el("div", { class: "muted small" }, "— " + c.outlet) : null);
  }

  function disagreements(e) {
    if (!e.conflicts.length) return null;
    const out = el("section", { class: "conflicts" }, el("h3", { text: "Where sources disagree" }));
    for (const c of e.conflicts) {
      const cols = el("div", { class: "side-by-side" });
      c.values.forEach((v, i) => {
        const claims = e.claims.filter((cl) => cl.topic === c.topic && String(cl.value) === String(v));
        cols.append(el("div", { class: "side" }, el("div", { class: "side-value" }, v), el("div", { class: "muted small" }, c.sources[i] || ""),
          el("ul", { class: "claims" }, claims.map(claimLine))));
      });
      out.append(el("h4", { text: c.topic.replace(/_/g, " ") }), cols);
    }
    return out;
  }

  function showEvent(e, evidence, place) {
    const ev = {};
    for (const a of evidence.articles) for (const m of a.marks) for (const f of m.fields) ev[f] = (ev[f] || 0) + 1;
    const fat = e.fatalities_low !== null && e.fatalities_high !== null && e.fatalities_low !== e.fatalities_high
      ? e.fatalities + " (reports say " + e.fatalities_low + "–" + e.fatalities_high + ")" : e.fatalities;
    const fields = el("dl", { class: "fields" },
      field("Date", e.event_date + (e.time_precision > 1 ? " (±" + (e.time_precision === 2 ? "week" : "month") + ")" : ""), ev.event_date, "event_date"),
      field("Type", e.event_type + " › " + e.sub_event_type, ev.event_type, "event_type"),
      field("Actor 1", e.actor1, ev.actor1, "actor1"),
      field("Actor 2", e.actor2, ev.actor2, "actor2"),
      field("Location", [e.location, e.admin1, e.country].filter(Boolean).join(", "), ev.location, "location"),
      field("Fatalities", fat, ev.fatalities, "fatalities"));
    const reports = el("table", { class: "reports" },
      el("thead", {}, el("tr", {}, ["Article", "Outlet", "Published", "Says"].map((x) => el("th", { scope: "col" }, x)))),
      el("tbody", {}, e.reports.map((r) => el("tr", {},
        el("td", {}, r.title || r.article_id), el("td", {}, r.outlet), el("td", {}, r.published || "—"),
        el("td", { class: "small" }, r.sub_event_type + ", " + r.place.name + ", " + r.event_date + (r.fatalities !== null ? ", " + r.fatalities + " killed" : ""))))));
    const articles = el("section", { class: "articles" }, el("h3", { text: "The reports' text: the sentences behind each field" }),
      evidence.articles.map((a) => el("article", { class: "article" },
        el("div", { class: "article-head" }, el("strong", {}, a.title || a.id), el("span", { class: "muted small" }, " — " + (a.outlet || "?") + ", " + (a.published || "undated")),
          a.url ? el("a", { class: "small", href: a.url, target: "_blank", rel: "noopener noreferrer" }, " original ↗") : null),
        a.missing ? el("p", { class: "error" }, "article text not stored") : markedText(a.text, a.marks),
        a.warnings && a.warnings.length ? el("ul", { class: "warnings" }, a.warnings.map((w) => el("li", {}, w))) : null)));
    const body = document.getElementById("tab-detail");
    body.replaceChildren(...[
      el("h2", { class: "event-title", tabindex: "-1" }, el("span", { class: "swatch", style: "background:" + typeColour(e.event_type) }), e.sub_event_type + " in " + e.location),
      el("div", { class: "muted" }, e.event_id, e.conflicts.length ? el("span", { class: "chip disputed-chip" }, "disputed") : null,
        place ? el("a", { href: "#place=" + place.geonameid, class: "place-link", "data-geonameid": place.geonameid }, " control timeline of " + place.place + " →") : null),
      e.notes ? el("p", { class: "notes" }, e.notes) : null,
      fields, disagreements(e),
      el("section", {}, el("h3", { text: "Reports that joined this event (" + e.reports.length + ")" }), reports),
      articles,
      e.merge_reasons.length ? el("details", {}, el("summary", {}, "why these reports were merged"), el("ul", {}, e.merge_reasons.map((r) => el("li", { class: "small" }, r)))) : null,
    ].filter(Boolean));
  }

  // --- one place's control history --------------------------------------------------------------
  function showPlace(p) {
    const strip = el("div", { class: "control-strip" });
    p.changes.forEach((c, i) => {
      const next = p.changes[i + 1];
      const bg = statusColour(c.status);
      strip.append(el("div", { class: "control-seg", style: "background:" + bg + ";color:" + textOn(bg), title: c.date + (next ? " – " + next.date : " – now") + ": " + c.status },
        el("span", {}, c.status), el("span", { class: "seg-date" }, c.date)));
    });
    const list = el("ol", { class: "control-changes" }, p.changes.map((c) => el("li", { class: "control-change" },
      el("div", {}, el("strong", {}, c.date), " ", statusChip(c.status),
        c.event_id ? el("a", { href: "#event=" + encodeURIComponent(c.event_id), class: "event-link", "data-event": c.event_id }, " " + (c.sub_event_type || "event") + " →") : null),
      c.sources.length ? el("div", { class: "muted small" }, "sources: " + c.sources.join("; ")) : null,
      c.claims.length ? el("ul", { class: "claims" }, c.claims.map(claimLine)) : el("div", { class: "muted small" }, "no control claim attributed"),
      c.evidence.length ? el("details", {}, el("summary", {}, "evidence sentences"), el("ul", {}, c.evidence.map((s) => el("li", {}, el("mark", { class: "ev" }, s.sentence || s.text || "(text unavailable)"))))) : null)));
    document.getElementById("tab-detail").replaceChildren(
      el("h2", { class: "place-title", tabindex: "-1" }, p.place),
      el("div", { class: "muted" }, [p.admin1, p.country].filter(Boolean).join(", ") + " · GeoNames " + p.geonameid),
      el("h3", { text: "Who held it" }), strip, list);
  }

  // --- control view: a time axis per place ---------------------------------------------------------
  function drawControl(places, range) {
    const box = document.getElementById("tab-control");
    if (!places.length) {
      box.replaceChildren(el("h2", {}, "Who held which town"), el("p", { class: "muted" }, "No control changes among the events these filters show."));
      return;
    }
    const dates = places.flatMap((p) => p.changes.map((c) => dayNum(c.date)));
    const a = Math.min(...dates, range && range[0] ? dayNum(range[0]) : Infinity);
    const lastChange = Math.max(...dates);
    const b = Math.max(lastChange + 1, range && range[1] ? dayNum(range[1]) + 1 : lastChange + 30);
    const W = 300;
    const x = (d) => ((d - a) / Math.max(1, b - a)) * W;
    const seen = new Set();
    const rows = places.map((p) => {
      const svg = svgEl("svg", { class: "control-axis", viewBox: "0 0 " + W + " 18", preserveAspectRatio: "none", role: "img",
        "aria-label": p.place + ": " + p.changes.map((c) => c.date + " " + c.status).join("; ") });
      p.changes.forEach((c, i) => {
        seen.add(c.status);
        const from = dayNum(c.date);
        const to = i + 1 < p.changes.length ? dayNum(p.changes[i + 1].date) : b;
        const r = svgEl("rect", { x: x(from), y: 2, width: Math.max(1.5, x(to) - x(from)), height: 14, fill: statusColour(c.status) });
        const t = svgEl("title");
        t.textContent = c.date + ": " + c.status + (c.sources.length ? " (" + c.sources.join("; ") + ")" : "");
        r.append(t);
        svg.append(r);
      });
      return el("li", { class: "control-row" },
        el("a", { href: "#place=" + p.geonameid, class: "place-link", "data-geonameid": p.geonameid }, p.place),
        el("span", { class: "muted small" }, " " + [p.admin1, p.country].filter(Boolean).join(", ")), svg);
    });
    const iso = (d) => new Date(d * FW.DAY_MS).toISOString().slice(0, 10);
    box.replaceChildren(
      el("h2", {}, "Who held which town"),
      el("p", { class: "muted small" }, "One line per place whose control changed in the events shown; each colour is who held it (or its status) from that day on."),
      el("div", { class: "control-legend" }, [...seen].map((s) => statusChip(s))),
      el("div", { class: "control-scale small muted" }, el("span", {}, iso(a)), el("span", {}, iso(b - 1))),
      el("ul", { class: "control-rows" }, rows));
  }

  FW.panels = { drawTable, showEvent, showPlace, drawControl };
})();
