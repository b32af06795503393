/* frontwatch page: a Leaflet map of events over offline borders, a brushable timeline,
   filters, the evidence behind each event and the control timeline of a place.
   Plain browser JavaScript; it talks to the HTTP API only. */
"use strict";

(function () {
  // Event type -> colour. Fixed here (not derived) so a type keeps its colour across filters.
  const TYPES = [
    ["Battles", "#c62828"],
    ["Explosions/Remote violence", "#ef6c00"],
    ["Violence against civilians", "#6a1b9a"],
    ["Protests", "#1565c0"],
    ["Riots", "#6d4c41"],
    ["Strategic developments", "#2e7d32"],
  ];
  const COLOUR = Object.fromEntries(TYPES);
  const STATUS_COLOUR = { government: "#1565c0", contested: "#f9a825", unconfirmed: "#9e9e9e" };
  const PAGE = 1000; // the API's largest page
  const MAX_EVENTS = 50000; // beyond this the page would crawl; narrow the filters instead
  const DAY_MS = 86400000;

  const state = {
    events: [], // rows from /api/events for the current filters
    brush: null, // [firstDay, lastDay] as "YYYY-MM-DD", or null for all
    markers: new Map(), // event_id -> Leaflet marker
    places: [], // places with a control timeline
    loadSeq: 0,
    fitted: false,
  };

  // --- small helpers ---------------------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }
  const svgEl = (tag, attrs) => {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    return node;
  };
  const dayNum = (iso) => Math.round(Date.parse(iso + "T00:00:00Z") / DAY_MS);
  const isoOf = (n) => new Date(n * DAY_MS).toISOString().slice(0, 10);
  const typeColour = (t) => COLOUR[t] || "#546e7a";
  const typeSlug = (t) => (t || "other").toLowerCase().replace(/[^a-z]+/g, "-");

  async function getJSON(url) {
    const resp = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await resp.json().catch(() => null);
    if (!resp.ok) {
      const why = body && body.error ? body.error : resp.status + " " + resp.statusText;
      throw new Error(why);
    }
    return body;
  }

  function setStatus(text, isError) {
    const s = document.getElementById("status");
    s.textContent = text;
    s.classList.toggle("error", Boolean(isError));
  }

  // --- map -------------------------------------------------------------------------------------
  // no tile layer sets a zoom range, and markercluster needs one: world view to town level
  const map = L.map("map", { minZoom: 2, maxZoom: 13, worldCopyJump: true, zoomSnap: 0.5, attributionControl: false }).setView([48.5, 34], 5);
  // no tile server: the basemap is Natural Earth country borders drawn as vector layers
  map.createPane("borders").style.zIndex = 250;
  const bordersRenderer = L.canvas({ pane: "borders", padding: 0.5 });
  const cluster = L.markerClusterGroup({
    showCoverageOnHover: false,
    maxClusterRadius: 36, // px: merge markers only when they would overlap at this zoom
    spiderfyOnMaxZoom: true,
    iconCreateFunction: clusterIcon,
  });
  map.addLayer(cluster);
  L.control.scale({ imperial: false }).addTo(map);

  async function loadBorders() {
    try {
      const resp = await fetch("/static/vendor/world-atlas/countries-50m.json");
      if (!resp.ok) throw new Error("HTTP " + resp.status);
      const topo = await resp.json();
      const countries = topojson.feature(topo, topo.objects.countries);
      L.geoJSON(countries, {
        renderer: bordersRenderer,
        pane: "borders",
        interactive: false,
        style: { color: "#8d99a6", weight: 0.8, fillColor: "#f4f1ea", fillOpacity: 1 },
      }).addTo(map);
    } catch (err) {
      console.warn("borders not loaded:", err.message); // the events still show, on a blank sea
    }
    try {
      // province lines (Natural Earth admin-1), drawn thin under the country borders' weight
      const resp = await fetch("/static/vendor/natural-earth/admin1-lines.json");
      if (!resp.ok) throw new Error("HTTP " + resp.status);
      L.geoJSON(await resp.json(), {
        renderer: bordersRenderer,
        pane: "borders",
        interactive: false,
        style: { color: "#b4bcc6", weight: 0.5, dashArray: "2 3" },
      }).addTo(map);
      document.getElementById("map").dataset.provinces = "loaded";
    } catch (err) {
      console.warn("province lines not loaded:", err.message);
    }
  }

  function markerSize(f) {
    // area grows with fatalities, so a 100-death event is not 100 times wider than a 1-death one
    return Math.min(40, 12 + 4 * Math.sqrt(Math.max(0, f || 0)));
  }

  function makeMarker(e) {
    const size = markerSize(e.fatalities);
    const disputed = e.conflicts && e.conflicts.length > 0;
    const icon = L.divIcon({
      className: "fw-marker-icon",
      html:
        '<span class="fw-marker fw-type-' + typeSlug(e.event_type) + (disputed ? " disputed" : "") +
        '" style="width:' + size + "px;height:" + size + "px;background:" + typeColour(e.event_type) + '"></span>',
      iconSize: [size, size],
      iconAnchor: [size / 2, size / 2],
    });
    const m = L.marker([e.latitude, e.longitude], { icon, title: e.sub_event_type + " — " + e.location + ", " + e.event_date, keyboard: true });
    m.fwEvent = e;
    m.on("click", () => openEvent(e.event_id));
    return m;
  }

  function clusterIcon(c) {
    const children = c.getAllChildMarkers();
    const counts = {};
    for (const m of children) counts[m.fwEvent.event_type] = (counts[m.fwEvent.event_type] || 0) + 1;
    // a cluster wears the colour of the type most of its events have
    const top = Object.entries(counts).sort((a, b) => b[1] - a[1])[0][0];
    const n = children.length;
    const size = n < 10 ? 30 : n < 100 ? 38 : 46;
    return L.divIcon({
      className: "fw-cluster",
      html: '<span style="border-color:' + typeColour(top) + '">' + n + "</span>",
      iconSize: [size, size],
    });
  }

  function visibleEvents() {
    if (!state.brush) return state.events;
    const [a, b] = state.brush;
    return state.events.filter((e) => e.event_date >= a && e.event_date <= b);
  }

  function drawMarkers() {
    cluster.clearLayers();
    state.markers.clear();
    const shown = visibleEvents();
    const layers = shown.map((e) => {
      const m = makeMarker(e);
      state.markers.set(e.event_id, m);
      return m;
    });
    cluster.addLayers(layers);
    const range = state.brush ? " on " + state.brush[0] + (state.brush[1] !== state.brush[0] ? " – " + state.brush[1] : "") : "";
    setStatus(shown.length + " of " + state.events.length + " events" + range);
    document.getElementById("map").dataset.shown = String(shown.length);
  }

  function drawLegend() {
    const legend = document.getElementById("legend");
    legend.replaceChildren(
      ...TYPES.map(([t, c]) => el("div", { class: "legend-row" }, el("span", { class: "swatch", style: "background:" + c }), t)),
      el("div", { class: "legend-row" }, el("span", { class: "swatch disputed-swatch" }), "sources disagree"),
      el("div", { class: "legend-note", text: "size: fatalities" })
    );
  }

  // --- timeline (an SVG drawn here: bars per day stacked by type, with a drag brush) ------------
  const timeline = document.getElementById("timeline");
  const tl = { x0: 0, days: 0, left: 36, right: 12, top: 8, bottom: 20, width: 0, height: 0 };

  function drawTimeline() {
    const svg = timeline;
    svg.replaceChildren();
    const box = svg.getBoundingClientRect();
    tl.width = Math.max(200, box.width);
    tl.height = Math.max(80, box.height);
    svg.setAttribute("viewBox", "0 0 " + tl.width + " " + tl.height);
    if (!state.events.length) {
      const t = svgEl("text", { x: tl.width / 2, y: tl.height / 2, "text-anchor": "middle", class: "tl-empty" });
      t.textContent = "no events for these filters";
      svg.append(t);
      return;
    }
    const nums = state.events.map((e) => dayNum(e.event_date));
    tl.x0 = Math.min(...nums) - 1;
    tl.days = Math.max(...nums) + 2 - tl.x0;
    const perDay = new Map();
    for (const e of state.events) {
      const d = dayNum(e.event_date);
      if (!perDay.has(d)) perDay.set(d, {});
      const c = perDay.get(d);
      c[e.event_type] = (c[e.event_type] || 0) + 1;
    }
    let maxN = 1;
    for (const c of perDay.values()) maxN = Math.max(maxN, Object.values(c).reduce((a, b) => a + b, 0));
    const plotW = tl.width - tl.left - tl.right;
    const plotH = tl.height - tl.top - tl.bottom;
    const bw = plotW / tl.days;
    const y = (n) => tl.top + plotH - (n / maxN) * plotH;

    const axis = svgEl("g", { class: "tl-axis" });
    axis.append(svgEl("line", { x1: tl.left, x2: tl.width - tl.right, y1: tl.top + plotH, y2: tl.top + plotH }));
    for (const n of [0, maxN]) {
      const t = svgEl("text", { x: tl.left - 6, y: y(n) + 4, "text-anchor": "end" });
      t.textContent = String(n);
      axis.append(t);
    }
    // about one date label per 90 px, on round day counts
    const every = [1, 2, 7, 14, 30, 61, 91, 182, 365].find((k) => (plotW / tl.days) * k >= 90) || 730;
    for (let d = tl.x0; d < tl.x0 + tl.days; d++) {
      if ((d - tl.x0) % every !== 0) continue;
      const x = tl.left + (d - tl.x0 + 0.5) * bw;
      axis.append(svgEl("line", { x1: x, x2: x, y1: tl.top + plotH, y2: tl.top + plotH + 4 }));
      const t = svgEl("text", { x, y: tl.height - 4, "text-anchor": "middle" });
      t.textContent = isoOf(d);
      axis.append(t);
    }
    svg.append(axis);

    const bars = svgEl("g", { class: "tl-bars" });
    for (const [d, counts] of perDay) {
      let acc = 0;
      const x = tl.left + (d - tl.x0) * bw + Math.min(1, bw * 0.1);
      for (const [t] of TYPES.concat([["other"]])) {
        const n = t === "other"
          ? Object.entries(counts).filter(([k]) => !COLOUR[k]).reduce((a, [, v]) => a + v, 0)
          : counts[t] || 0;
        if (!n) continue;
        const r = svgEl("rect", {
          x, width: Math.max(1, bw - 2 * Math.min(1, bw * 0.1)), y: y(acc + n), height: y(acc) - y(acc + n),
          fill: typeColour(t), class: "tl-bar", "data-day": isoOf(d),
        });
        const title = svgEl("title");
        title.textContent = isoOf(d) + ": " + n + " × " + t;
        r.append(title);
        bars.append(r);
        acc += n;
      }
    }
    svg.append(bars);
    const sel = svgEl("rect", { class: "tl-brush", x: 0, y: tl.top, width: 0, height: plotH, visibility: "hidden" });
    svg.append(sel);
    showBrush();
  }

  function dayAt(clientX) {
    const box = timeline.getBoundingClientRect();
    const x = ((clientX - box.left) / box.width) * tl.width;
    const plotW = tl.width - tl.left - tl.right;
    const d = tl.x0 + Math.floor(((x - tl.left) / plotW) * tl.days);
    return Math.max(tl.x0, Math.min(tl.x0 + tl.days - 1, d));
  }

  function showBrush() {
    const sel = timeline.querySelector(".tl-brush");
    const clear = document.getElementById("brush-clear");
    clear.hidden = !state.brush;
    if (!sel) return;
    if (!state.brush) {
      sel.setAttribute("visibility", "hidden");
      return;
    }
    const plotW = tl.width - tl.left - tl.right;
    const bw = plotW / tl.days;
    const a = dayNum(state.brush[0]);
    const b = dayNum(state.brush[1]);
    sel.setAttribute("x", tl.left + (a - tl.x0) * bw);
    sel.setAttribute("width", Math.max(2, (b - a + 1) * bw));
    sel.setAttribute("visibility", "visible");
    for (const r of timeline.querySelectorAll(".tl-bar")) {
      r.classList.toggle("dim", r.dataset.day < state.brush[0] || r.dataset.day > state.brush[1]);
    }
  }

  function setBrush(range) {
    state.brush = range;
    if (!range) for (const r of timeline.querySelectorAll(".tl-bar")) r.classList.remove("dim");
    showBrush();
    drawMarkers();
  }

  let dragFrom = null;
  timeline.addEventListener("pointerdown", (ev) => {
    if (!state.events.length) return;
    dragFrom = { day: dayAt(ev.clientX), x: ev.clientX };
    timeline.setPointerCapture(ev.pointerId);
  });
  timeline.addEventListener("pointermove", (ev) => {
    if (!dragFrom) return;
    const d = dayAt(ev.clientX);
    state.brush = [isoOf(Math.min(dragFrom.day, d)), isoOf(Math.max(dragFrom.day, d))];
    showBrush();
  });
  timeline.addEventListener("pointerup", (ev) => {
    if (!dragFrom) return;
    const moved = Math.abs(ev.clientX - dragFrom.x) > 3;
    const d = dayAt(ev.clientX);
    const from = dragFrom.day;
    dragFrom = null;
    // a click (no drag) picks that one day; a click on the picked day again shows all days
    if (!moved && state.brush && state.brush[0] === isoOf(d) && state.brush[1] === isoOf(d)) setBrush(null);
    else setBrush([isoOf(Math.min(from, d)), isoOf(Math.max(from, d))]);
  });
  document.getElementById("brush-clear").addEventListener("click", () => setBrush(null));

  // --- filters and loading ---------------------------------------------------------------------
  const form = document.getElementById("filters");

  function filterParams() {
    const p = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (String(v).trim()) p.set(k, String(v).trim());
    return p;
  }

  async function loadEvents() {
    const seq = ++state.loadSeq;
    setStatus("loading…");
    const params = filterParams();
    const events = [];
    try {
      for (let offset = 0; offset < MAX_EVENTS; offset += PAGE) {
        params.set("limit", String(PAGE));
        params.set("offset", String(offset));
        const page = await getJSON("/api/events?" + params);
        if (seq !== state.loadSeq) return; // a newer filter change won
        events.push(...page.events);
        if (events.length >= page.total || !page.events.length) break;
      }
    } catch (err) {
      setStatus("could not load events: " + err.message, true);
      return;
    }
    state.events = events;
    state.brush = null;
    fillCountries(events);
    drawTimeline();
    drawMarkers();
    if (!state.fitted && events.length) {
      // first load: frame the events; later filter changes keep the reader's view
      state.fitted = true;
      map.fitBounds(L.latLngBounds(events.map((e) => [e.latitude, e.longitude])).pad(0.3), { maxZoom: 8 });
    }
  }

  function fillCountries(events) {
    const sel = document.getElementById("f-country");
    const known = new Set([...sel.options].map((o) => o.value));
    const names = [...new Set(events.map((e) => e.country).filter(Boolean))].sort();
    for (const n of names) if (!known.has(n)) sel.append(el("option", { value: n, text: n }));
  }

  let typing = null;
  form.addEventListener("input", (ev) => {
    // typing in the actor box waits for a pause; the other controls reload at once
    clearTimeout(typing);
    typing = setTimeout(loadEvents, ev.target.type === "search" ? 350 : 0);
  });
  form.addEventListener("submit", (ev) => ev.preventDefault());
  form.addEventListener("reset", () => setTimeout(loadEvents, 0));

  // --- side panel: welcome, event detail, place view -------------------------------------------
  const panel = document.getElementById("panel-body");

  function panelShow(...nodes) {
    panel.replaceChildren(...nodes.filter((n) => n !== null && n !== undefined && n !== false));
    panel.parentElement.scrollTop = 0;
  }

  async function showHome() {
    const list = el("ul", { class: "places" });
    for (const p of state.places) {
      list.append(
        el("li", {},
          el("a", { href: "#place=" + p.geonameid, class: "place-link", "data-geonameid": p.geonameid }, p.place),
          " ", el("span", { class: "muted" }, [p.admin1, p.country].filter(Boolean).join(", ")), " — ",
          statusChip(p.latest_status), el("span", { class: "muted" }, " since " + p.latest_date)
        )
      );
    }
    panelShow(
      el("h2", { text: "Events and their evidence" }),
      el("p", {}, "Click a marker to see the event's fields with the sentences they came from, every report that joined it, and where sources disagree."),
      el("h3", { text: "Who holds which town" }),
      state.places.length ? list : el("p", { class: "muted", text: "No control changes recorded yet." })
    );
  }

  function statusChip(status) {
    const c = STATUS_COLOUR[status] || "#b71c1c"; // a named non-state actor holds it
    return el("span", { class: "chip", style: "background:" + c }, status);
  }

  function field(label, value, evidence, key) {
    const quotes = (evidence || []).map((s) => s.sentence || s.text).filter(Boolean);
    const uniq = [...new Set(quotes)];
    return el("div", { class: "field", "data-field": key },
      el("dt", {}, label),
      el("dd", {},
        el("span", { class: "value" }, value === null || value === undefined || value === "" ? "—" : String(value)),
        uniq.length
          ? el("button", { type: "button", class: "ev-btn", title: "highlight the evidence in the article text", onclick: () => focusField(key) },
              uniq.length + (uniq.length === 1 ? " sentence" : " sentences"))
          : el("span", { class: "muted small" }, " no evidence span")
      )
    );
  }

  function focusField(key) {
    let first = null;
    for (const m of panel.querySelectorAll("mark.ev")) {
      const on = m.dataset.fields.split(" ").includes(key);
      m.classList.toggle("active", on);
      if (on && !first) first = m;
    }
    if (first) first.scrollIntoView({ block: "center", behavior: "smooth" });
  }

  // the article text with the spans of this event's evidence wrapped in <mark>
  function highlighted(text, spans) {
    const cuts = new Set([0, text.length]);
    for (const s of spans) {
      cuts.add(s.start);
      cuts.add(s.end);
    }
    const pts = [...cuts].filter((n) => n >= 0 && n <= text.length).sort((a, b) => a - b);
    const out = el("div", { class: "article-text" });
    for (let i = 0; i < pts.length - 1; i++) {
      const [a, b] = [pts[i], pts[i + 1]];
      const chunk = text.slice(a, b);
      const covering = spans.filter((s) => s.start <= a && s.end >= b);
      if (!covering.length) {
        out.append(chunk);
        continue;
      }
      const fields = [...new Set(covering.map((s) => s.field))];
      out.append(el("mark", { class: "ev" + (covering.some((s) => s.kind === "claim") ? " claim" : ""), "data-fields": fields.join(" "), title: "evidence for: " + fields.join(", ") }, chunk));
    }
    return out;
  }

  function claimLine(c) {
    return el("li", { class: "claim" },
      el("strong", {}, c.source || "unattributed"),
      c.source_type && c.source_type !== "unknown" ? el("span", { class: "muted small" }, " (" + c.source_type.replace(/_/g, " ") + ")") : null,
      c.verb ? " " + c.verb : "", c.value !== null && c.value !== undefined ? el("span", { class: "value-tag" }, String(c.value)) : null,
      c.stance && c.stance !== "assert" ? el("span", { class: "chip small-chip" }, c.stance.replace("_", " ")) : null,
      el("blockquote", {}, c.text), c.outlet ? el("div", { class: "muted small" }, "— " + c.outlet) : null
    );
  }

  function disagreements(e) {
    if (!e.conflicts.length) return null;
    const out = el("section", { class: "conflicts" }, el("h3", { text: "Where sources disagree" }));
    for (const c of e.conflicts) {
      const cols = el("div", { class: "side-by-side" });
      c.values.forEach((v, i) => {
        const claims = e.claims.filter((cl) => cl.topic === c.topic && String(cl.value) === String(v));
        cols.append(
          el("div", { class: "side" },
            el("div", { class: "side-value" }, v),
            el("div", { class: "muted small" }, c.sources[i] || ""),
            el("ul", { class: "claims" }, claims.map(claimLine))
          )
        );
      });
      out.append(el("h4", { text: c.topic.replace(/_/g, " ") }), cols);
    }
    return out;
  }

  async function openEvent(id) {
    if (location.hash !== "#event=" + encodeURIComponent(id)) history.replaceState(null, "", "#event=" + encodeURIComponent(id));
    panelShow(el("p", { class: "muted", text: "loading event…" }));
    let e;
    try {
      e = await getJSON("/api/events/" + encodeURIComponent(id));
    } catch (err) {
      panelShow(el("p", { class: "error", text: "could not load the event: " + err.message }));
      return;
    }
    const m = state.markers.get(id);
    if (m) cluster.zoomToShowLayer(m, () => m._icon && m._icon.classList.add("selected"));
    for (const other of document.querySelectorAll(".fw-marker-icon.selected")) if (!m || other !== m._icon) other.classList.remove("selected");

    const ev = e.evidence;
    const fat = e.fatalities_low !== null && e.fatalities_high !== null && e.fatalities_low !== e.fatalities_high
      ? e.fatalities + " (reports say " + e.fatalities_low + "–" + e.fatalities_high + ")" : e.fatalities;
    const place = state.places.find((p) => p.geonameid === e.geonameid);
    const fields = el("dl", { class: "fields" },
      field("Date", e.event_date + (e.time_precision > 1 ? " (±" + (e.time_precision === 2 ? "week" : "month") + ")" : ""), ev.event_date, "event_date"),
      field("Type", e.event_type + " › " + e.sub_event_type, ev.event_type, "event_type"),
      field("Actor 1", e.actor1, ev.actor1, "actor1"),
      field("Actor 2", e.actor2, ev.actor2, "actor2"),
      field("Location", [e.location, e.admin1, e.country].filter(Boolean).join(", "), ev.location, "location"),
      field("Fatalities", fat, ev.fatalities, "fatalities")
    );
    const spansByArticle = {};
    for (const [key, spans] of Object.entries(ev)) {
      for (const s of spans) (spansByArticle[s.article_id] = spansByArticle[s.article_id] || []).push({ ...s, field: key, kind: "evidence" });
    }
    const articles = el("section", { class: "articles" }, el("h3", { text: "The reports' text, evidence highlighted" }));
    const reportsTable = el("table", { class: "reports" },
      el("thead", {}, el("tr", {}, ["Article", "Outlet", "Published", "Says"].map((h) => el("th", {}, h)))),
      el("tbody", {}, e.reports.map((r) =>
        el("tr", {},
          el("td", {}, r.url ? el("a", { href: r.url, target: "_blank", rel: "noopener noreferrer" }, r.title || r.article_id) : r.title || r.article_id),
          el("td", {}, r.outlet), el("td", {}, r.published || "—"),
          el("td", { class: "small" }, r.sub_event_type + ", " + r.place.name + ", " + r.event_date + (r.fatalities !== null ? ", " + r.fatalities + " killed" : ""))
        )))
    );
    panelShow(
      el("div", { class: "crumbs" }, el("a", { href: "#", onclick: (x) => { x.preventDefault(); history.replaceState(null, "", "#"); showHome(); } }, "← all places")),
      el("h2", { class: "event-title" }, el("span", { class: "swatch", style: "background:" + typeColour(e.event_type) }), e.sub_event_type + " in " + e.location),
      el("div", { class: "muted" }, e.event_id, e.conflicts.length ? el("span", { class: "chip disputed-chip" }, "disputed") : null,
        place ? el("a", { href: "#place=" + place.geonameid, class: "place-link", "data-geonameid": place.geonameid }, " control timeline of " + place.place + " →") : null),
      e.notes ? el("p", { class: "notes" }, e.notes) : null,
      fields,
      disagreements(e),
      el("section", {}, el("h3", { text: "Reports that joined this event (" + e.reports.length + ")" }), reportsTable),
      articles,
      e.merge_reasons.length ? el("details", {}, el("summary", {}, "why these reports were merged"), el("ul", {}, e.merge_reasons.map((r) => el("li", { class: "small" }, r)))) : null
    );
    for (const a of e.articles) {
      const box = el("article", { class: "article" },
        el("div", { class: "article-head" }, el("strong", {}, a.title || a.id), el("span", { class: "muted small" }, " — " + (a.outlet || "?") + ", " + (a.published || "undated")))
      );
      articles.append(box);
      try {
        const full = await getJSON("/api/articles/" + encodeURIComponent(a.id));
        const claimSpans = full.spans.filter((s) => s.kind === "claim" && s.event_id === e.event_id).map((s) => ({ ...s, field: "claim-" + s.field }));
        box.append(highlighted(full.text, (spansByArticle[a.id] || []).concat(claimSpans)));
        if (full.warnings.length) box.append(el("ul", { class: "warnings" }, full.warnings.map((w) => el("li", {}, w))));
      } catch (err) {
        box.append(el("p", { class: "error", text: "article not available: " + err.message }));
      }
    }
  }

  async function openPlace(gid) {
    history.replaceState(null, "", "#place=" + gid);
    panelShow(el("p", { class: "muted", text: "loading place…" }));
    let p;
    try {
      p = await getJSON("/api/places/" + encodeURIComponent(gid) + "/control");
    } catch (err) {
      panelShow(el("p", { class: "error", text: "no control timeline: " + err.message }));
      return;
    }
    map.setView([p.latitude, p.longitude], Math.max(map.getZoom(), 8));
    const strip = el("div", { class: "control-strip" });
    p.changes.forEach((c, i) => {
      const next = p.changes[i + 1];
      strip.append(el("div", { class: "control-seg", style: "background:" + (STATUS_COLOUR[c.status] || "#b71c1c"), title: c.date + (next ? " – " + next.date : " – now") + ": " + c.status },
        el("span", {}, c.status), el("span", { class: "seg-date" }, c.date)));
    });
    const list = el("ol", { class: "control-changes" }, p.changes.map((c) =>
      el("li", { class: "control-change" },
        el("div", {}, el("strong", {}, c.date), " ", statusChip(c.status),
          c.event_id ? el("a", { href: "#event=" + encodeURIComponent(c.event_id), class: "event-link", "data-event": c.event_id }, " " + (c.sub_event_type || "event") + " →") : null),
        c.sources.length ? el("div", { class: "muted small" }, "sources: " + c.sources.join("; ")) : null,
        c.claims.length ? el("ul", { class: "claims" }, c.claims.map(claimLine)) : el("div", { class: "muted small" }, "no control claim attributed"),
        c.evidence.length ? el("details", {}, el("summary", {}, "evidence sentences"), el("ul", {}, c.evidence.map((s) => el("li", {}, el("mark", { class: "ev" }, s.sentence || s.text || "(text unavailable)"))))) : null
      )));
    panelShow(
      el("div", { class: "crumbs" }, el("a", { href: "#", onclick: (x) => { x.preventDefault(); history.replaceState(null, "", "#"); showHome(); } }, "← all places")),
      el("h2", { class: "place-title" }, p.place),
      el("div", { class: "muted" }, [p.admin1, p.country].filter(Boolean).join(", ") + " · GeoNames " + p.geonameid),
      el("h3", { text: "Who held it" }), strip, list
    );
  }

  // links inside the panel (place and event links) route through the hash
  panel.addEventListener("click", (ev) => {
    const a = ev.target.closest("a.place-link, a.event-link");
    if (!a) return;
    ev.preventDefault();
    if (a.dataset.geonameid) openPlace(a.dataset.geonameid);
    else openEvent(a.dataset.event);
  });

  function routeFromHash() {
    const h = decodeURIComponent(location.hash.slice(1));
    if (h.startsWith("event=")) openEvent(h.slice(6));
    else if (h.startsWith("place=")) openPlace(h.slice(6));
    else showHome();
  }

  // --- start -----------------------------------------------------------------------------------
  const typeSel = document.getElementById("f-type");
  for (const [t] of TYPES) typeSel.append(el("option", { value: t, text: t }));
  drawLegend();
  window.addEventListener("resize", () => { drawTimeline(); });
  window.addEventListener("hashchange", routeFromHash);

  (async function start() {
    await Promise.all([
      loadBorders(),
      loadEvents(),
      getJSON("/api/places").then((b) => { state.places = b.places; }).catch((err) => console.warn("places:", err.message)),
    ]);
    routeFromHash();
    document.body.dataset.ready = "true"; // tests wait for this
  })();
})();
