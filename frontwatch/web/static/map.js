/* frontwatch page, the map: offline borders, one marker per map cell as counted by the server
   (a lone event is its own marker), place-name labels, the selected event's ring and the
   interactive legend. Every marker is a keyboard stop (Tab, then Enter). */
"use strict";

(function () {
  const { el, typeColour, typeSlug, fmt, TYPES, COLOUR, OTHER } = FW;
  const MAX_ZOOM = 13;
  const map = L.map("map", {
    minZoom: 2, maxZoom: MAX_ZOOM, worldCopyJump: false, zoomSnap: 1, attributionControl: false,
    maxBounds: [[-85, -200], [85, 200]], maxBoundsViscosity: 0.8,
  }).setView([30, 20], 2);
  // no tile server: the basemap is Natural Earth country borders drawn as vector layers
  map.createPane("borders").style.zIndex = 250;
  const bordersRenderer = L.canvas({ pane: "borders", padding: 0.5 });
  const cellLayer = L.layerGroup().addTo(map);
  const labelLayer = L.layerGroup().addTo(map);
  let selection = null; // the ring around the open event
  L.control.scale({ imperial: false }).addTo(map);

  async function loadBorders() {
    try {
      const resp = await fetch("/static/vendor/world-atlas/countries-50m.json");
      if (!resp.ok) throw new Error("HTTP " + resp.status);
      const topo = await resp.json();
      L.geoJSON(topojson.feature(topo, topo.objects.countries), {
        renderer: bordersRenderer, pane: "borders", interactive: false,
        style: { color: "#8d99a6", weight: 0.8, fillColor: "#f4f1ea", fillOpacity: 1 },
      }).addTo(map);
    } catch (err) {
      console.warn("borders not loaded:", err.message); // the events still show, on a blank sea
    }
    try {
      const resp = await fetch("/static/vendor/natural-earth/admin1-lines.json");
      if (!resp.ok) throw new Error("HTTP " + resp.status);
      L.geoJSON(await resp.json(), {
        renderer: bordersRenderer, pane: "borders", interactive: false,
        style: { color: "#b4bcc6", weight: 0.5, dashArray: "2 3" },
      }).addTo(map);
      document.getElementById("map").dataset.provinces = "loaded";
    } catch (err) {
      console.warn("province lines not loaded:", err.message);
    }
  }

  // the map's view as an API bbox, or null when it shows the whole world (no filter needed)
  function viewBox() {
    const b = map.getBounds();
    const box = [Math.max(-180, b.getWest()), Math.max(-90, b.getSouth()), Math.min(180, b.getEast()), Math.min(90, b.getNorth())];
    if (box[0] <= -180 && box[2] >= 180 && box[1] <= -85 && box[3] >= 85) return null;
    return box.map((x) => Math.round(x * 1000) / 1000);
  }

  function markerSize(f) {
    // area grows with fatalities, so a 100-death event is not 100 times wider than a 1-death one
    return Math.min(36, 14 + 4 * Math.sqrt(Math.max(0, f || 0)));
  }

  function cellTip(c) {
    const where = c.places > 1 ? c.place + " and nearby places" : c.place || "unnamed place";
    const types = Object.entries(c.types).sort((a, b) => b[1] - a[1]).map(([t, n]) => fmt(n) + " " + t).join(", ");
    return where + ": " + fmt(c.n) + " events, " + fmt(c.fatalities) + " fatalities" +
      (c.disputed ? ", " + fmt(c.disputed) + " disputed" : "") + " — " + types;
  }

  function eventTip(c) {
    const e = c.event;
    return e.sub_event_type + " — " + e.location + (e.country ? ", " + e.country : "") + ", " + e.event_date +
      " — " + fmt(c.fatalities) + " fatalities" + (c.disputed ? " (sources disagree)" : "");
  }

  function loneMarker(c, onOpen) {
    const type = Object.keys(c.types)[0];
    const size = markerSize(c.fatalities);
    const icon = L.divIcon({
      className: "fw-marker-icon",
      html: '<span class="fw-marker fw-type-' + typeSlug(type) + (c.disputed ? " disputed" : "") +
        '" style="width:' + size + "px;height:" + size + "px;background:" + typeColour(type) + '"></span>',
      iconSize: [size, size], iconAnchor: [size / 2, size / 2],
    });
    const tip = eventTip(c);
    const m = L.marker([c.latitude, c.longitude], { icon, keyboard: true, title: tip, alt: tip, riseOnHover: true });
    m.bindTooltip(tip, { direction: "top", offset: [0, -size / 2] });
    onActivate(m, () => onOpen(c.event.event_id, c.latitude, c.longitude));
    return m;
  }

  function clusterMarker(c, onList) {
    // a ring in the colours of the cell's types, in proportion
    let acc = 0;
    const stops = [];
    for (const [t, n] of Object.entries(c.types).sort((a, b) => b[1] - a[1])) {
      const a = (acc / c.n) * 360;
      acc += n;
      stops.push(typeColour(t) + " " + a.toFixed(1) + "deg " + ((acc / c.n) * 360).toFixed(1) + "deg");
    }
    const size = c.n < 10 ? 30 : c.n < 100 ? 36 : c.n < 1000 ? 42 : c.n < 10000 ? 48 : 54;
    const icon = L.divIcon({
      className: "fw-cluster" + (c.disputed ? " has-disputed" : ""),
      html: '<span class="ring" style="background:conic-gradient(' + stops.join(",") + ')"><span>' + c.n + "</span></span>",
      iconSize: [size, size],
    });
    const tip = cellTip(c);
    const m = L.marker([c.latitude, c.longitude], { icon, keyboard: true, title: tip, alt: tip });
    m.bindTooltip(tip + (canZoomInto(c) ? " (click to zoom in)" : " (click to list them)"), { direction: "top" });
    onActivate(m, () => {
      if (canZoomInto(c)) map.fitBounds(cellBounds(c), { maxZoom: Math.min(MAX_ZOOM, map.getZoom() + 3), padding: [40, 40] });
      else onList(c);
    });
    return m;
  }

  // a click, or Enter or Space on the focused marker (Leaflet 1.9 maps Enter to popups only)
  function onActivate(m, action) {
    m.on("click", action);
    m.on("keydown", (ev) => {
      const k = ev.originalEvent.key;
      if (k !== "Enter" && k !== " ") return;
      ev.originalEvent.preventDefault();
      action();
    });
  }

  const canZoomInto = (c) => map.getZoom() < MAX_ZOOM && (c.bounds[2] - c.bounds[0] > 1e-4 || c.bounds[3] - c.bounds[1] > 1e-4);
  const cellBounds = (c) => L.latLngBounds([c.bounds[1], c.bounds[0]], [c.bounds[3], c.bounds[2]]);

  function drawCells(grid, handlers) {
    cellLayer.clearLayers();
    labelLayer.clearLayers();
    for (const c of grid.cells) {
      const m = c.n === 1 && c.event ? loneMarker(c, handlers.open) : clusterMarker(c, handlers.list);
      cellLayer.addLayer(m);
    }
    drawLabels(grid.cells);
    document.getElementById("map").dataset.shown = String(grid.total);
  }

  // place names: the busiest cells get a label, skipping any that would overlap one already placed
  function drawLabels(cells) {
    const placed = [];
    for (const c of cells) {
      if (!c.place || placed.length >= 14) continue;
      const p = map.latLngToContainerPoint([c.latitude, c.longitude]);
      if (placed.some((q) => Math.abs(q.x - p.x) < 110 && Math.abs(q.y - p.y) < 26)) continue;
      placed.push(p);
      const name = c.places > 1 ? c.place + " area" : c.place;
      labelLayer.addLayer(L.tooltip({ permanent: true, direction: "right", offset: [14, 0], className: "place-label", interactive: false })
        .setLatLng([c.latitude, c.longitude]).setContent(name));
    }
  }

  // opening an event: centre it at a zoom that shows the town and its surroundings, never a blank 1 km
  function frameEvent(lat, lon) {
    const z = Math.min(10, Math.max(7, map.getZoom()));
    map.setView([lat, lon], z, { animate: false });
  }

  function frameBox(box) {
    if (!box) return;
    const b = L.latLngBounds([box[1], box[0]], [box[3], box[2]]);
    // already framed: the events are all in view and a closer zoom would not fit them
    if (map.getBounds().contains(b) && Math.min(9, map.getBoundsZoom(b.pad(0.15))) <= map.getZoom()) return;
    map.fitBounds(b.pad(0.15), { maxZoom: 9, animate: false });
  }

  function select(lat, lon) {
    if (selection) selection.remove();
    selection = null;
    if (lat === null || lat === undefined) return;
    selection = L.circleMarker([lat, lon], { radius: 22, color: "#111", weight: 3, fill: false, interactive: false, className: "fw-selected" }).addTo(map);
  }

  function drawLegend(counts, active, onType, disputedOn, onDisputed) {
    const legend = document.getElementById("legend");
    const rows = TYPES.map(([t, c]) => {
      const n = counts ? counts[t] || 0 : null;
      return el("button", {
        type: "button", class: "legend-row" + (active && active !== t ? " off" : ""), "aria-pressed": String(active === t),
        title: active === t ? "show every type" : "show only " + t, onclick: () => onType(active === t ? "" : t),
      }, el("span", { class: "swatch", style: "background:" + c }), t, n !== null ? el("span", { class: "legend-n" }, fmt(n)) : null);
    });
    legend.replaceChildren(
      el("div", { class: "legend-title" }, "Event type (click to filter)"),
      ...rows,
      el("button", { type: "button", class: "legend-row", "aria-pressed": String(disputedOn), title: "only events whose sources disagree", onclick: () => onDisputed(!disputedOn) },
        el("span", { class: "swatch disputed-swatch" }), "sources disagree"),
      el("div", { class: "legend-note", text: "size: fatalities · ring: types in a cluster" })
    );
  }

  FW.map = { map, loadBorders, viewBox, drawCells, frameEvent, frameBox, select, drawLegend, MAX_ZOOM, COLOUR, OTHER };
})();
