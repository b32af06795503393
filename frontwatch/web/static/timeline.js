/* frontwatch page, the timeline: events (or fatalities) per day, week or month stacked by type,
   as counted by the server. Drag across it, or focus it and use the arrow keys, to select a
   span of periods (the brush); the map, table and downloads then show only those days. */
"use strict";

(function () {
  const { svgEl, typeColour, dayNum, isoOf, fmt, TYPES, COLOUR } = FW;
  const svg = document.getElementById("timeline");
  const tip = document.getElementById("timeline-tip");
  const M = { left: 42, right: 12, top: 8, bottom: 20 };
  const tl = { x0: 0, days: 1, width: 0, height: 0, periods: [], bucket: "day", onBrush: null, brush: null };

  function bucketStart(d, bucket) {
    const date = new Date(d * FW.DAY_MS);
    if (bucket === "week") return d - ((date.getUTCDay() + 6) % 7);
    if (bucket === "month") return dayNum(date.toISOString().slice(0, 8) + "01");
    return d;
  }
  function bucketEnd(start, bucket) {
    if (bucket === "week") return start + 6;
    if (bucket === "month") {
      const dt = new Date(start * FW.DAY_MS);
      return dayNum(new Date(Date.UTC(dt.getUTCFullYear(), dt.getUTCMonth() + 1, 1)).toISOString().slice(0, 10)) - 1;
    }
    return start;
  }

  const plotW = () => tl.width - M.left - M.right;
  const xOf = (d) => M.left + ((d - tl.x0) / tl.days) * plotW();

  function draw(data, brush, measure, onBrush) {
    tl.onBrush = onBrush;
    tl.brush = brush;
    tl.periods = data ? data.periods : [];
    tl.bucket = data ? data.bucket : "day";
    tl.measure = measure;
    svg.replaceChildren();
    const box = svg.getBoundingClientRect();
    tl.width = Math.max(200, box.width);
    tl.height = Math.max(70, box.height);
    svg.setAttribute("viewBox", "0 0 " + tl.width + " " + tl.height);
    const head = document.getElementById("timeline-title");
    head.textContent = (measure === "fatalities" ? "Fatalities" : "Events") + " per " + tl.bucket + ", stacked by type";
    if (!tl.periods.length) {
      const t = svgEl("text", { x: tl.width / 2, y: tl.height / 2, "text-anchor": "middle", class: "tl-empty" });
      t.textContent = "no events for these filters";
      svg.append(t);
      showBrush();
      return;
    }
    tl.x0 = dayNum(tl.periods[0].start);
    tl.days = dayNum(tl.periods[tl.periods.length - 1].end) + 1 - tl.x0;
    const plotH = tl.height - M.top - M.bottom;
    const totals = tl.periods.map((p) => Object.values(p[measure]).reduce((a, b) => a + b, 0));
    const maxN = Math.max(1, ...totals);
    const y = (n) => M.top + plotH - (n / maxN) * plotH;

    const axis = svgEl("g", { class: "tl-axis" });
    axis.append(svgEl("line", { x1: M.left, x2: tl.width - M.right, y1: M.top + plotH, y2: M.top + plotH }));
    for (const n of [0, maxN]) {
      const t = svgEl("text", { x: M.left - 6, y: y(n) + 4, "text-anchor": "end" });
      t.textContent = fmt(n);
      axis.append(t);
    }
    // about one date label per 100 px
    let lastX = -1e9;
    for (const p of tl.periods) {
      const x = xOf(dayNum(p.start));
      if (x - lastX < 100) continue;
      lastX = x;
      axis.append(svgEl("line", { x1: x, x2: x, y1: M.top + plotH, y2: M.top + plotH + 4 }));
      const t = svgEl("text", { x, y: tl.height - 4, "text-anchor": x > tl.width - 80 ? "end" : "start" });
      t.textContent = tl.bucket === "month" ? p.start.slice(0, 7) : p.start;
      axis.append(t);
    }
    svg.append(axis);

    const bars = svgEl("g", { class: "tl-bars" });
    const order = TYPES.map(([t]) => t);
    tl.periods.forEach((p, i) => {
      const a = dayNum(p.start);
      const b = dayNum(p.end) + 1;
      const x = xOf(a);
      const w = Math.max(1, xOf(b) - x - (xOf(b) - x > 4 ? 1 : 0));
      const g = svgEl("g", { class: "tl-period", "data-start": p.start, "data-end": p.end, "data-i": i });
      let acc = 0;
      const keys = Object.keys(p[measure]).sort((u, v) => (order.indexOf(u) + 99 * !COLOUR[u]) - (order.indexOf(v) + 99 * !COLOUR[v]));
      for (const t of keys) {
        const n = p[measure][t];
        if (!n) continue;
        g.append(svgEl("rect", { x, width: w, y: y(acc + n), height: Math.max(0.5, y(acc) - y(acc + n)), fill: typeColour(t), class: "tl-bar", "data-day": p.start }));
        acc += n;
      }
      if (!acc) g.append(svgEl("rect", { x, width: w, y: M.top + plotH - 1, height: 1, fill: "#90a4ae", class: "tl-bar", "data-day": p.start }));
      bars.append(g);
    });
    svg.append(bars);
    svg.append(svgEl("rect", { class: "tl-brush", x: 0, y: M.top, width: 0, height: plotH, visibility: "hidden" }));
    showBrush();
  }

  function periodText(p) {
    const span = p.start === p.end ? p.start : p.start + " – " + p.end;
    const ev = Object.values(p.events).reduce((a, b) => a + b, 0);
    const fat = Object.values(p.fatalities).reduce((a, b) => a + b, 0);
    const types = Object.entries(p.events).sort((a, b) => b[1] - a[1]).map(([t, n]) => fmt(n) + " " + t).join(", ");
    return span + ": " + fmt(ev) + " events, " + fmt(fat) + " fatalities (" + types + ")";
  }

  function showBrush() {
    const sel = svg.querySelector(".tl-brush");
    document.getElementById("brush-clear").hidden = !tl.brush;
    const live = document.getElementById("timeline-live");
    if (!sel) return;
    if (!tl.brush || !tl.periods.length) {
      sel.setAttribute("visibility", "hidden");
      for (const r of svg.querySelectorAll(".tl-period")) r.classList.remove("dim");
      live.textContent = "";
      return;
    }
    const a = dayNum(tl.brush[0]);
    const b = dayNum(tl.brush[1]) + 1;
    sel.setAttribute("x", xOf(a));
    sel.setAttribute("width", Math.max(2, xOf(b) - xOf(a)));
    sel.setAttribute("visibility", "visible");
    let n = 0;
    for (const g of svg.querySelectorAll(".tl-period")) {
      const out = g.dataset.end < tl.brush[0] || g.dataset.start > tl.brush[1];
      g.classList.toggle("dim", out);
      if (!out) n += Object.values(tl.periods[Number(g.dataset.i)].events).reduce((x, y) => x + y, 0);
    }
    live.textContent = "selected " + tl.brush[0] + " – " + tl.brush[1] + ": " + fmt(n) + " events";
  }

  function dayAt(clientX) {
    const box = svg.getBoundingClientRect();
    const x = ((clientX - box.left) / box.width) * tl.width;
    const d = tl.x0 + Math.floor(((x - M.left) / plotW()) * tl.days);
    return Math.max(tl.x0, Math.min(tl.x0 + tl.days - 1, d));
  }

  function spanOf(d1, d2) {
    const a = bucketStart(Math.min(d1, d2), tl.bucket);
    const b = bucketEnd(bucketStart(Math.max(d1, d2), tl.bucket), tl.bucket);
    return [isoOf(a), isoOf(b)];
  }

  let dragFrom = null;
  svg.addEventListener("pointerdown", (ev) => {
    if (!tl.periods.length) return;
    dragFrom = { day: dayAt(ev.clientX), x: ev.clientX };
    svg.setPointerCapture(ev.pointerId);
  });
  svg.addEventListener("pointermove", (ev) => {
    if (dragFrom) {
      tl.brush = spanOf(dragFrom.day, dayAt(ev.clientX));
      showBrush();
      return;
    }
    hover(ev);
  });
  svg.addEventListener("pointerleave", () => { tip.hidden = true; });
  svg.addEventListener("pointerup", (ev) => {
    if (!dragFrom) return;
    const moved = Math.abs(ev.clientX - dragFrom.x) > 3;
    const span = spanOf(dragFrom.day, dayAt(ev.clientX));
    dragFrom = null;
    // a click on the one selected period again shows every day
    const again = !moved && tl.brush && tl.brush[0] === span[0] && tl.brush[1] === span[1];
    tl.onBrush(again ? null : span);
  });

  function hover(ev) {
    const g = ev.target.closest && ev.target.closest(".tl-period");
    if (!g) { tip.hidden = true; return; }
    tip.textContent = periodText(tl.periods[Number(g.dataset.i)]);
    tip.hidden = false;
    const wrap = svg.parentElement.getBoundingClientRect();
    placeTip(ev.clientX - wrap.left + 10);
  }

  function placeTip(x) {
    const width = svg.parentElement.getBoundingClientRect().width;
    tip.style.left = Math.max(0, Math.min(width - tip.offsetWidth - 4, x)) + "px";
  }

  // keyboard: arrows pick a period, Shift+arrows widen, Home/End jump, Escape shows every day
  svg.addEventListener("keydown", (ev) => {
    const ps = tl.periods;
    if (!ps.length) return;
    const idx = (iso) => ps.findIndex((p) => p.start <= iso && iso <= p.end);
    let lo = tl.brush ? Math.max(0, idx(tl.brush[0])) : -1;
    let hi = tl.brush ? idx(tl.brush[1]) : -1;
    if (hi < 0 && tl.brush) hi = ps.length - 1;
    const k = ev.key;
    if (k === "Escape") { if (tl.brush) tl.onBrush(null); ev.preventDefault(); return; }
    if (k === "Home") { lo = hi = 0; }
    else if (k === "End") { lo = hi = ps.length - 1; }
    else if (k === "ArrowRight" && ev.shiftKey) { if (lo < 0) lo = hi = 0; else hi = Math.min(ps.length - 1, hi + 1); }
    else if (k === "ArrowLeft" && ev.shiftKey) { if (lo < 0) lo = hi = ps.length - 1; else lo = Math.max(0, lo - 1); }
    else if (k === "ArrowRight") { lo = hi = lo < 0 ? 0 : Math.min(ps.length - 1, hi + 1); }
    else if (k === "ArrowLeft") { lo = hi = lo < 0 ? ps.length - 1 : Math.max(0, lo - 1); }
    else return;
    ev.preventDefault();
    tip.textContent = periodText(ps[hi]);
    tip.hidden = false;
    placeTip(xOf(dayNum(ps[hi].start)) - 20);
    tl.onBrush([ps[lo].start, ps[hi].end]);
  });
  svg.addEventListener("blur", () => { tip.hidden = true; });

  FW.timeline = { draw, redraw: () => draw({ periods: tl.periods, bucket: tl.bucket }, tl.brush, tl.measure, tl.onBrush) };
})();
