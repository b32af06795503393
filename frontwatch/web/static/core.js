/* frontwatch page, shared pieces: DOM helpers, colours (with readable text on each), the
   page state and the one function that asks the server. Loaded first; the other files read
   window.FW. Plain browser JavaScript; the page talks to this host only. */
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
  const OTHER = "#546e7a";
  // control statuses; a named non-state actor gets one of ACTOR_COLOURS, the same one everywhere
  const STATUS_COLOUR = { government: "#1565c0", contested: "#f9a825", unconfirmed: "#9e9e9e" };
  const ACTOR_COLOURS = ["#6a1b9a", "#c62828", "#2e7d32", "#00838f", "#4e342e", "#ad1457", "#283593", "#9e9d24"];
  const DAY_MS = 86400000;

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

  function svgEl(tag, attrs) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    return node;
  }

  // WCAG relative luminance and contrast, so every coloured chip picks black or white text
  function luminance(hex) {
    const n = parseInt(hex.slice(1), 16);
    const ch = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
  }
  function contrast(a, b) {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  }
  const textOn = (bg) => (contrast(bg, "#ffffff") >= 4.5 ? "#ffffff" : "#111111");

  function statusColour(status) {
    if (STATUS_COLOUR[status]) return STATUS_COLOUR[status];
    let h = 0;
    for (const ch of String(status)) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    return ACTOR_COLOURS[h % ACTOR_COLOURS.length];
  }

  function statusChip(status) {
    const bg = statusColour(status);
    return el("span", { class: "chip status-chip", style: "background:" + bg + ";color:" + textOn(bg) }, status);
  }

  const typeColour = (t) => COLOUR[t] || OTHER;
  const typeSlug = (t) => (t || "other").toLowerCase().replace(/[^a-z]+/g, "-");
  const dayNum = (iso) => Math.round(Date.parse(iso + "T00:00:00Z") / DAY_MS);
  const isoOf = (n) => new Date(n * DAY_MS).toISOString().slice(0, 10);
  const fmt = (n) => Number(n).toLocaleString("en");

  // one fetch per purpose: a newer request of the same purpose makes the older answer stale
  const inflight = {};
  let pending = 0; // requests under way; bench/web.py reads data-pending to know the page has settled
  async function getJSON(url, purpose) {
    document.body.dataset.pending = String(++pending);
    try {
      return await fetchJSON(url, purpose);
    } finally {
      document.body.dataset.pending = String(--pending);
    }
  }
  async function fetchJSON(url, purpose) {
    let ctrl = null;
    if (purpose) {
      if (inflight[purpose]) inflight[purpose].abort();
      ctrl = inflight[purpose] = new AbortController();
    }
    const resp = await fetch(url, { headers: { Accept: "application/json" }, signal: ctrl ? ctrl.signal : undefined });
    const body = await resp.json().catch(() => null);
    if (purpose && inflight[purpose] === ctrl) inflight[purpose] = null;
    // a newer request aborted this one while its body was still arriving
    if (ctrl && ctrl.signal.aborted) throw new DOMException("superseded", "AbortError");
    if (!resp.ok) throw new Error(body && body.error ? body.error : resp.status + " " + resp.statusText);
    if (body === null) throw new Error("the server's answer was not JSON");
    return body;
  }
  const isAbort = (err) => err && err.name === "AbortError";

  function setStatus(text, isError) {
    const s = document.getElementById("status");
    s.textContent = text;
    s.classList.toggle("error", Boolean(isError));
  }

  // the page's state; app.js writes it from the URL and back
  const state = {
    filters: {}, // name -> value, as in the URL and the API
    brush: null, // [first day, last day] or null
    event: null, // open event id
    place: null, // open place geonameid
    tab: "table",
    sort: "event_date",
    order: "desc",
    offset: 0,
    bucket: "auto",
    measure: "events",
    inView: true, // table and downloads follow the map view
    total: 0, // events matching the filters (no brush, no map view)
    timeline: null,
    facets: null,
  };

  window.FW = {
    TYPES, COLOUR, OTHER, STATUS_COLOUR, DAY_MS,
    el, svgEl, contrast, textOn, statusColour, statusChip, typeColour, typeSlug, dayNum, isoOf, fmt,
    getJSON, isAbort, setStatus, state,
  };
})();
