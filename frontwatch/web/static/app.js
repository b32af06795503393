/* frontwatch page, the conductor: the URL holds the whole view (filters, brush, open event or
   place, map bounds, table sort and page, panel tab), every change writes it (back and forward
   work), and each part of the page asks the server for just what it draws. */
"use strict";

(function () {
  const { el, state, getJSON, isAbort, setStatus, fmt } = FW;
  const M = FW.map;
  const FILTERS = ["event_type", "sub_event_type", "country", "admin1", "outlet", "actor", "q", "min_fatalities", "date_from", "date_to", "disputed"];
  const TABS = ["table", "detail", "control"];
  const form = document.getElementById("filters");
  const phone = window.matchMedia("(max-width: 800px)");
  let mapFromURL = null; // bounds a shared link asked for
  let grid = null;
  let grids = 0; // map redraws, counted for tests and bench/web.py
  let lastKeys = {};

  // --- the URL -------------------------------------------------------------------------------------
  function readURL() {
    const h = location.hash.slice(1);
    const p = new URLSearchParams(h);
    const s = { filters: {}, brush: null, event: null, place: null, tab: "table", sort: "event_date", order: "desc", offset: 0, bucket: "auto", measure: "events", inView: true, map: null };
    for (const k of FILTERS) if (p.get(k)) s.filters[k] = p.get(k);
    const brush = (p.get("brush") || "").split("..");
    if (brush.length === 2 && brush[0] && brush[1]) s.brush = brush;
    s.event = p.get("event");
    s.place = p.get("place");
    if (TABS.includes(p.get("tab"))) s.tab = p.get("tab");
    else if (s.event || s.place) s.tab = "detail";
    const sort = (p.get("sort") || "").split(":");
    if (sort[0]) { s.sort = sort[0]; s.order = sort[1] === "asc" ? "asc" : "desc"; }
    s.offset = Math.max(0, parseInt(p.get("offset") || "0", 10) || 0);
    if (["day", "week", "month"].includes(p.get("bucket"))) s.bucket = p.get("bucket");
    if (p.get("measure") === "fatalities") s.measure = "fatalities";
    if (p.get("view") === "all") s.inView = false;
    const box = (p.get("map") || "").split(",").map(Number);
    if (box.length === 4 && box.every(Number.isFinite)) s.map = box;
    return s;
  }

  function urlOf() {
    const p = new URLSearchParams();
    for (const k of FILTERS) if (state.filters[k]) p.set(k, state.filters[k]);
    if (state.brush) p.set("brush", state.brush.join(".."));
    if (state.event) p.set("event", state.event);
    if (state.place) p.set("place", state.place);
    if (state.tab !== "table" && !(state.tab === "detail" && (state.event || state.place))) p.set("tab", state.tab);
    if (state.sort !== "event_date" || state.order !== "desc") p.set("sort", state.sort + ":" + state.order);
    if (state.offset) p.set("offset", String(state.offset));
    if (state.bucket !== "auto") p.set("bucket", state.bucket);
    if (state.measure !== "events") p.set("measure", state.measure);
    if (!state.inView) p.set("view", "all");
    const b = M.map.getBounds();
    p.set("map", [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((x) => x.toFixed(3)).join(","));
    return "#" + p.toString().replace(/%2C/g, ",").replace(/%3A/g, ":");
  }

  let rendered = null; // the hash the page last drew or wrote: popstate and hashchange both fire on back
  function writeURL(push) {
    const url = urlOf();
    rendered = url;
    if (url === location.hash) return;
    if (push) history.pushState(null, "", url);
    else history.replaceState(null, "", url);
  }

  // --- what to ask the server ----------------------------------------------------------------------
  function params({ brush = true, view = false } = {}) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(state.filters)) if (v) p.set(k, v);
    if (brush && state.brush) {
      // the brush narrows the filter's dates; it never widens them
      const from = [state.filters.date_from, state.brush[0]].filter(Boolean).sort().pop();
      const to = [state.filters.date_to, state.brush[1]].filter(Boolean).sort()[0];
      p.set("date_from", from);
      p.set("date_to", to < from ? from : to);
    }
    if (view) {
      const box = M.viewBox();
      if (box && !(view === "map" && Math.round(M.map.getZoom()) <= 2) && !holdsAll(box)) p.set("bbox", box.join(","));
    }
    return p;
  }

  // the view holds every matching event, so a bbox would filter nothing: leave it out, and the
  // answer is the same for every pan (cached once; computed before the first visit, see warm())
  function holdsAll(box) {
    const e = state.timeline && state.timeline.bbox;
    return Boolean(e) && box[0] <= e[0] && box[1] <= e[1] && box[2] >= e[2] && box[3] >= e[3];
  }

  function changed(purpose, key) {
    if (lastKeys[purpose] === key) return false;
    lastKeys[purpose] = key;
    return true;
  }

  // run fn for this purpose and key once: a second ask while it runs waits on the same promise
  const running = {};
  function once(purpose, key, fn) {
    const r = running[purpose];
    if (r && r.key === key) return r.promise;
    if (!changed(purpose, key)) return Promise.resolve();
    // a failed ask forgets its key, so the same ask later is sent again instead of skipped
    const promise = fn()
      .then((ok) => { if (ok === false && lastKeys[purpose] === key) delete lastKeys[purpose]; })
      .finally(() => { if (running[purpose] && running[purpose].promise === promise) delete running[purpose]; });
    running[purpose] = { key, promise };
    return promise;
  }

  async function loadTimeline({ reframe = false } = {}) {
    const p = params({ brush: false });
    if (state.bucket !== "auto") p.set("bucket", state.bucket);
    try {
      state.timeline = await getJSON("/api/web/timeline?" + p, "timeline");
    } catch (err) {
      if (!isAbort(err)) setStatus("could not load the timeline: " + err.message, true);
      return;
    }
    state.total = state.timeline.total;
    drawTimeline();
    if (reframe && state.timeline.bbox) M.frameBox(state.timeline.bbox);
    showStatus();
  }

  function drawTimeline() {
    FW.timeline.draw(state.timeline, state.brush, state.measure, onBrush);
  }

  let gridLoad = { key: null, promise: null }; // the map request under way: a second ask for it waits on it
  function loadGrid(force, retried = false) {
    // at world zoom the map is barely wider than the screen: the cells just off it cost
    // little, and a request without bbox is the same for every pan
    const p = params({ view: "map" });
    p.set("zoom", String(Math.round(M.map.getZoom())));
    const key = p.toString();
    if (key === gridLoad.key && gridLoad.promise) return gridLoad.promise;
    if (!changed("grid", key) && !force) return Promise.resolve();
    const promise = (async () => {
      try {
        grid = await getJSON("/api/web/grid?" + p, "grid");
      } catch (err) {
        if (!isAbort(err)) {
          setStatus("could not load the map: " + err.message, true);
          // forget the key, so the next ask is sent again; one retry a little later
          if (lastKeys.grid === key) delete lastKeys.grid;
          if (!retried) setTimeout(() => { if (!lastKeys.grid) loadGrid(false, true); }, 1000);
        }
        return;
      } finally {
        if (gridLoad.key === key) gridLoad = { key: null, promise: null };
      }
      M.drawCells(grid, { open: (id, lat, lon) => openEvent(id, { push: true, frame: { lat, lon } }), list: listCell });
      showStatus();
      document.body.dataset.grids = String(++grids);
      document.body.dataset.ready = "true"; // tests and bench/web.py wait for this
    })();
    gridLoad = { key, promise };
    return promise;
  }

  function showStatus() {
    if (!grid || !state.timeline) return;
    let matching = state.total;
    if (state.brush) {
      matching = 0;
      for (const per of state.timeline.periods) {
        if (per.end >= state.brush[0] && per.start <= state.brush[1]) matching += Object.values(per.events).reduce((a, b) => a + b, 0);
      }
    }
    const where = grid.total < matching ? " in this map view" : "";
    const range = state.brush ? " on " + state.brush[0] + (state.brush[1] !== state.brush[0] ? " – " + state.brush[1] : "") : "";
    setStatus(fmt(grid.total) + " of " + fmt(matching) + " events" + where + range);
  }

  function loadTable() {
    const p = params({ view: state.inView });
    p.set("sort", state.sort);
    p.set("order", state.order);
    p.set("offset", String(state.offset));
    p.set("limit", "50");
    document.getElementById("table-scope").textContent = state.inView ? "in the map view" : "everywhere";
    return once("table", p.toString(), async () => {
      try {
        FW.panels.drawTable(await getJSON("/api/web/table?" + p, "table"), { sort: sortBy, page: pageTo });
      } catch (err) {
        if (isAbort(err)) return true;
        document.getElementById("table-body").replaceChildren(el("p", { class: "error" }, "could not load the table: " + err.message));
        return false;
      }
      return true;
    });
  }

  function loadFacets() {
    const p = params();
    return once("facets", p.toString(), async () => {
      try {
        state.facets = await getJSON("/api/web/facets?" + p, "facets");
      } catch (err) {
        if (isAbort(err)) return true;
        console.warn("facets:", err.message);
        return false;
      }
      for (const sel of form.querySelectorAll("select[data-facet]")) fillFacet(sel, state.facets[sel.dataset.facet]);
      drawLegend();
      return true;
    });
  }

  // counts beside each filter value; the chosen value stays listed even when nothing matches it
  function fillFacet(sel, facet) {
    const current = state.filters[sel.name] || "";
    const all = sel.options[0];
    const values = facet.values.slice();
    if (current && !values.some((v) => v.value === current)) values.unshift({ value: current, n: 0 });
    sel.replaceChildren(all, ...values.map((v) => el("option", { value: v.value }, v.value + " (" + fmt(v.n) + ")")));
    sel.value = current;
  }

  function drawLegend() {
    const counts = state.facets ? Object.fromEntries(state.facets.event_type.values.map((v) => [v.value, v.n])) : null;
    M.drawLegend(counts, state.filters.event_type || "", (t) => setFilters({ ...state.filters, event_type: t }),
      state.filters.disputed === "true", (on) => setFilters({ ...state.filters, disputed: on ? "true" : "" }));
  }

  async function loadControl() {
    if (state.tab !== "control") return;
    const p = params();
    if (!changed("control", p.toString())) return;
    try {
      const body = await getJSON("/api/web/control?" + p, "control");
      const range = state.brush || [state.filters.date_from, state.filters.date_to];
      FW.panels.drawControl(body.places, range);
    } catch (err) {
      if (isAbort(err)) return;
      delete lastKeys.control; // asked again on the next change
      document.getElementById("tab-control").replaceChildren(el("p", { class: "error" }, "could not load control: " + err.message));
    }
  }

  function updateDownloads() {
    const p = params({ view: state.inView }).toString();
    for (const [id, ext] of [["dl-csv", "csv"], ["dl-geojson", "geojson"], ["dl-parquet", "parquet"]]) {
      document.getElementById(id).href = "/api/export." + ext + (p ? "?" + p : "");
    }
  }

  // --- changes -----------------------------------------------------------------------------------
  // one after the other, the map first: on two busy cores the table and the facet counts
  // would otherwise slow the markers down
  async function viewChanged() {
    updateDownloads();
    await loadGrid();
    await loadTable();
    await loadFacets();
    await loadControl();
  }

  async function setFilters(filters) {
    state.filters = Object.fromEntries(Object.entries(filters).filter(([, v]) => v));
    state.brush = null;
    state.offset = 0;
    formFromState();
    writeURL(true);
    // a filter change frames the events it leaves; the move then redraws the map
    await loadTimeline({ reframe: true });
    writeURL(false);
    viewChanged();
  }

  function onBrush(range) {
    state.brush = range;
    state.offset = 0;
    drawTimeline();
    writeURL(true);
    showStatus();
    viewChanged();
  }

  function sortBy(key) {
    state.order = state.sort === key && state.order === "desc" ? "asc" : "desc";
    state.sort = key;
    state.offset = 0;
    writeURL(true);
    loadTable().then(() => { const b = document.querySelector('button.sort[data-sort="' + key + '"]'); if (b) b.focus(); });
  }

  function pageTo(offset) {
    state.offset = offset;
    writeURL(true);
    loadTable();
  }

  function listCell(c) {
    // a cluster at one spot (or at the deepest zoom): list its events in the table
    M.map.fitBounds(L.latLngBounds([c.bounds[1], c.bounds[0]], [c.bounds[3], c.bounds[2]]).pad(0.5), { maxZoom: M.MAX_ZOOM, animate: false });
    state.inView = true;
    document.getElementById("in-view").checked = true;
    showTab("table", true);
  }

  // --- panel tabs (on a phone the panel opens over the map and closes again) ---------------------------
  function showTab(tab, open, load = true) {
    state.tab = tab;
    for (const t of TABS) {
      document.getElementById("tab-" + t).hidden = t !== tab;
      const b = document.querySelector('[role=tab][data-tab="' + t + '"]');
      b.setAttribute("aria-selected", String(t === tab));
      b.tabIndex = t === tab ? 0 : -1;
    }
    if (open) document.body.classList.add("panel-open");
    if (load && tab === "control") loadControl();
    if (load && tab === "table") loadTable();
  }

  function closePanel() {
    document.body.classList.remove("panel-open");
    document.getElementById("panel-open").focus();
  }

  let places = null;
  async function openEvent(id, { push = false, frame = null } = {}) {
    state.event = id;
    state.place = null;
    showTab("detail", true);
    writeURL(push);
    const box = document.getElementById("tab-detail");
    box.replaceChildren(el("p", { class: "muted" }, "loading event…"));
    let e, evidence;
    try {
      [e, evidence] = await Promise.all([getJSON("/api/events/" + encodeURIComponent(id), "event"), getJSON("/api/web/evidence/" + encodeURIComponent(id), "evidence")]);
      places = places || (await getJSON("/api/places")).places;
    } catch (err) {
      if (!isAbort(err)) box.replaceChildren(el("p", { class: "error" }, "could not load the event: " + err.message));
      return;
    }
    FW.panels.showEvent(e, evidence, places.find((p) => p.geonameid === e.geonameid));
    M.select(e.latitude, e.longitude);
    if (frame !== false) M.frameEvent(e.latitude, e.longitude);
    box.querySelector("h2").focus({ preventScroll: true });
    for (const tr of document.querySelectorAll("table.events tr")) tr.classList.toggle("current", tr.dataset.event === id);
  }

  async function openPlace(gid, { push = false, frame = true } = {}) {
    state.place = String(gid);
    state.event = null;
    showTab("detail", true);
    writeURL(push);
    const box = document.getElementById("tab-detail");
    box.replaceChildren(el("p", { class: "muted" }, "loading place…"));
    try {
      const p = await getJSON("/api/places/" + encodeURIComponent(gid) + "/control", "place");
      FW.panels.showPlace(p);
      M.select(p.latitude, p.longitude);
      if (frame) M.frameEvent(p.latitude, p.longitude);
      box.querySelector("h2").focus({ preventScroll: true });
    } catch (err) {
      if (!isAbort(err)) box.replaceChildren(el("p", { class: "error" }, "no control timeline: " + err.message));
    }
  }

  function openFromState(frame) {
    if (state.event) openEvent(state.event, { frame: frame ? null : false });
    else if (state.place) openPlace(state.place, { frame });
    else {
      M.select(null);
      document.getElementById("tab-detail").replaceChildren(el("h2", {}, "No event open"), el("p", { class: "muted" }, "Choose a marker on the map or a row of the table to see the event's fields with the sentences they came from, every report that joined it, and where sources disagree."));
    }
  }

  // --- wiring --------------------------------------------------------------------------------------
  function formFromState() {
    for (const k of FILTERS) {
      const input = form.elements[k];
      if (!input) continue;
      if (input.type === "checkbox") input.checked = state.filters[k] === "true";
      else if (input.tagName === "SELECT" && state.filters[k] && ![...input.options].some((o) => o.value === state.filters[k])) {
        input.append(el("option", { value: state.filters[k] }, state.filters[k]));
        input.value = state.filters[k];
      } else input.value = state.filters[k] || "";
    }
    document.getElementById("tl-bucket").value = state.bucket;
    document.getElementById("tl-measure").value = state.measure;
    document.getElementById("in-view").checked = state.inView;
  }

  function filtersFromForm() {
    const f = {};
    for (const k of FILTERS) {
      const input = form.elements[k];
      if (!input) continue;
      const v = input.type === "checkbox" ? (input.checked ? "true" : "") : String(input.value).trim();
      if (v) f[k] = v;
    }
    return f;
  }

  let typing = null;
  form.addEventListener("input", (ev) => {
    // typed text waits for a pause; the other controls apply at once, in this event: deferred, a facet response
    // arriving first redrew the lists from the old filters and undid the choice (seen in the browser tests)
    clearTimeout(typing);
    if (ev.target.type === "search" || ev.target.type === "number") typing = setTimeout(() => setFilters(filtersFromForm()), 400);
    else setFilters(filtersFromForm());
  });
  form.addEventListener("submit", (ev) => { ev.preventDefault(); clearTimeout(typing); setFilters(filtersFromForm()); });
  form.addEventListener("reset", (ev) => { ev.preventDefault(); setFilters({}); });
  document.getElementById("brush-clear").addEventListener("click", () => onBrush(null));
  document.getElementById("tl-bucket").addEventListener("change", (ev) => { state.bucket = ev.target.value; writeURL(true); loadTimeline(); });
  document.getElementById("tl-measure").addEventListener("change", (ev) => { state.measure = ev.target.value; writeURL(true); drawTimeline(); });
  document.getElementById("in-view").addEventListener("change", (ev) => { state.inView = ev.target.checked; state.offset = 0; writeURL(true); loadTable(); updateDownloads(); });
  for (const b of document.querySelectorAll("[role=tab]")) b.addEventListener("click", () => { showTab(b.dataset.tab, true); writeURL(false); });
  document.getElementById("tabs").addEventListener("keydown", (ev) => {
    const i = TABS.indexOf(state.tab);
    const j = ev.key === "ArrowRight" ? (i + 1) % TABS.length : ev.key === "ArrowLeft" ? (i + TABS.length - 1) % TABS.length : -1;
    if (j < 0) return;
    showTab(TABS[j], true);
    document.querySelector('[role=tab][data-tab="' + TABS[j] + '"]').focus();
  });
  document.getElementById("panel-close").addEventListener("click", closePanel);
  document.getElementById("panel-open").addEventListener("click", () => { document.body.classList.add("panel-open"); document.querySelector('[role=tab][aria-selected=true]').focus(); });
  document.getElementById("filters-toggle").addEventListener("click", (ev) => {
    const open = document.body.classList.toggle("filters-open");
    ev.currentTarget.setAttribute("aria-expanded", String(open));
  });
  document.addEventListener("keydown", (ev) => { if (ev.key === "Escape" && phone.matches && document.body.classList.contains("panel-open")) closePanel(); });
  document.getElementById("panel").addEventListener("click", (ev) => {
    const a = ev.target.closest("a.place-link, a.event-link");
    if (!a) return;
    ev.preventDefault();
    if (a.dataset.geonameid) openPlace(a.dataset.geonameid, { push: true });
    else openEvent(a.dataset.event, { push: true });
  });

  let moving = null;
  M.map.on("moveend", () => {
    clearTimeout(moving);
    moving = setTimeout(() => { writeURL(false); viewChanged(); }, 120);
  });
  window.addEventListener("resize", () => drawTimeline());

  // back, forward, or a pasted link: draw the view the URL describes
  async function render({ initial = false } = {}) {
    if (!initial && location.hash === rendered) return;
    rendered = location.hash;
    const s = readURL();
    Object.assign(state, s);
    delete state.map;
    mapFromURL = s.map;
    formFromState();
    showTab(state.tab, false, false);
    lastKeys = {};
    if (mapFromURL) M.map.fitBounds([[mapFromURL[1], mapFromURL[0]], [mapFromURL[3], mapFromURL[2]]], { animate: false });
    // the map of the current view and the timeline together; a first visit then frames the
    // events the timeline found, which redraws the map only if the view moved
    await Promise.all([loadTimeline({ reframe: !mapFromURL }), loadGrid(true)]);
    // the borders (a megabyte of JSON to parse and draw) come after the first markers
    if (initial) M.loadBorders();
    openFromState(!mapFromURL);
    if (initial) writeURL(false);
    await viewChanged();
  }
  window.addEventListener("popstate", () => render());
  window.addEventListener("hashchange", () => render());

  drawLegend();
  render({ initial: true });
})();
