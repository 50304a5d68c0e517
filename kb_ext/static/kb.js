// kb_ext: small reader helpers (progressive enhancement; the site works without them).
//
// 1. Evidence tooltips: hovering or focusing a link to a passage (#pN), a claim
//    (#kb-claim-…) or a position (#kb-pos-…) shows what it points at: the quoted
//    words and their source. The text comes from the link itself and from
//    _static/kb-evidence/<page>.js, loaded with a <script> tag on first use so it
//    also works from file:// and offline. Escape or leaving the link hides it.
// 2. Landing on a passage or position (URL fragment, also on hashchange)
//    highlights it and scrolls it into view.
// 3. Network pictures: hovering a node brings out its lines.
// 4. The theme's inline icons get a text alternative or are hidden from
//    assistive technology when the control around them is already named.
// 5. The sources index (table.kb-source-index) gets filters (outlet, kind,
//    language, a date range) and sortable columns; without JavaScript it is
//    the same table, oldest first.
(() => {
  "use strict";

  const root = new URL(document.documentElement.dataset.content_root ?? "./", location.href);
  const TARGET = /^(p\d+|kb-claim-[\w.-]+|kb-pos-[\w.-]+)$/;
  const SHOW_DELAY = 120;
  const HIDE_DELAY = 250;

  // -- evidence data ---------------------------------------------------------------------
  const store = new Map();     // page path -> {anchor: info}
  const loading = new Map();   // page path -> Promise<object|null>
  window.kbEvidence = (shard) => { store.set(shard.page, shard.anchors); };

  // -- shard names: kb_ext/outputs/tooltips.py (shard_name, fnv1a64) computes the same --
  const SHARD_NAME_MAX = 150;
  function fnv1a64(text) {
    let hash = 0xcbf29ce484222325n;
    for (const byte of new TextEncoder().encode(text)) {
      hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * 0x100000001b3n);
    }
    return hash.toString(16).padStart(16, "0");
  }
  // "/" -> "_", any other character but letters, digits, "." and "-" -> "~<hex>~";
  // a long name is cut and ends in "~" and the page's hash.
  function shardName(page) {
    const name = page.replace(/[^A-Za-z0-9.-]/gu,
      (char) => (char === "/" ? "_" : `~${char.codePointAt(0).toString(16)}~`));
    return name.length <= SHARD_NAME_MAX ? name
      : `${name.slice(0, SHARD_NAME_MAX - 16)}~${fnv1a64(page)}`;
  }
  // -- end of shard names --

  function evidence(page) {
    if (!loading.has(page)) {
      loading.set(page, new Promise((resolve) => {
        const script = document.createElement("script");
        script.src = new URL(`_static/kb-evidence/${shardName(page)}.js`, root).href;
        script.onload = () => resolve(store.get(page) ?? null);
        script.onerror = () => resolve(null);
        document.head.append(script);
      }));
    }
    return loading.get(page);
  }

  // Where a link points: the page path relative to the site root and the anchor.
  function target(link) {
    if (link.closest("svg")) return null;  // pictures carry their own <title>s
    let url;
    try { url = new URL(link.href); } catch { return null; }
    const anchor = decodeURIComponent(url.hash.slice(1));
    const known = link.matches("a.kb-quote-link, a.kb-claim-link") || TARGET.test(anchor);
    if (!known || !url.pathname.startsWith(root.pathname)) return null;
    const here = url.origin === location.origin && url.pathname === location.pathname;
    if (here && !link.matches("a.kb-quote-link, a.kb-claim-link")) return null;
    return { page: decodeURIComponent(url.pathname.slice(root.pathname.length)), anchor };
  }

  // -- tooltip ------------------------------------------------------------------------------
  const tip = document.createElement("div");
  tip.id = "kb-tooltip";
  tip.className = "kb-tooltip";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  let current = null;
  let showTimer = 0;
  let hideTimer = 0;

  const squash = (text) => (text ?? "").replace(/\s+/g, " ").trim();
  const stripQuotes = (text) => text.replace(/^[“"]+|[”"]+$/g, "");
  const passageLabel = (info) => (info.number ? `${info.title}, ¶${info.number}` : info.title);
  const dated = (info) => [info.outlet, info.date].filter(Boolean).join(", ");

  function paragraph(className, text) {
    const node = document.createElement(className === "quote" ? "blockquote" : "p");
    node.className = `kb-tooltip-${className}`;
    node.textContent = text;
    return node;
  }

  // What the tooltip says about a link: {label, quote, text, source}, from the
  // link itself and, once loaded, from its shard entry.
  function content(link, info) {
    const own = squash(link.textContent);
    const title = squash(link.dataset.kbTitle ?? link.title);
    const isQuote = link.matches("a.kb-quote-link");
    const source = info && [passageLabel(info), dated(info)].filter(Boolean).join(" — ");
    if (!info) return { quote: isQuote ? stripQuotes(own) : "", source: title || own };
    if (info.kind === "passage") return { quote: isQuote ? stripQuotes(own) : info.text, source };
    if (info.kind === "position") {
      return { label: `${info.stance}: ${info.claim}`, quote: info.text, source };
    }
    return { label: `Claim (${info.status})`, text: info.text, source: `Positions: ${info.summary}` };
  }

  function fill(link, info) {
    const { label, quote, text, source } = content(link, info);
    tip.replaceChildren();
    if (label) tip.append(paragraph("label", label));
    if (quote) tip.append(paragraph("quote", `“${quote}”`));
    if (text) tip.append(paragraph("text", text));
    if (source) tip.append(paragraph("source", source));
    place(link);
  }

  function place(link) {
    const box = link.getBoundingClientRect();
    tip.style.left = "0px";
    tip.style.top = "0px";
    const width = tip.offsetWidth;
    const height = tip.offsetHeight;
    const left = Math.max(8, Math.min(box.left, document.documentElement.clientWidth - width - 8));
    const below = box.bottom + 6;
    const top = below + height > window.innerHeight && box.top - height - 6 > 0
      ? box.top - height - 6 : below;
    tip.style.left = `${left + window.scrollX}px`;
    tip.style.top = `${top + window.scrollY}px`;
  }

  function show(link) {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (current === link && !tip.hidden) return;
    hide();
    const where = target(link);
    if (!where) return;
    current = link;
    if (link.hasAttribute("title")) {  // avoid a second, native tooltip
      link.dataset.kbTitle = link.title;
      link.removeAttribute("title");
    }
    if (!tip.isConnected) document.body.append(tip);
    link.setAttribute("aria-describedby", tip.id);
    tip.hidden = false;
    fill(link, store.get(where.page)?.[where.anchor]);
    evidence(where.page).then((anchors) => {
      const info = anchors?.[where.anchor];
      if (current === link && info) fill(link, info);
    });
  }

  function hide() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (!current) return;
    if (current.dataset.kbTitle !== undefined) {
      current.title = current.dataset.kbTitle;
      delete current.dataset.kbTitle;
    }
    current.removeAttribute("aria-describedby");
    current = null;
    tip.hidden = true;
  }

  const linkOf = (node) => (node instanceof Element ? node.closest("a[href]") : null);

  document.addEventListener("mouseover", (event) => {
    const link = linkOf(event.target);
    if (tip.contains(event.target)) { clearTimeout(hideTimer); return; }
    if (!link || !target(link)) return;
    clearTimeout(hideTimer);
    clearTimeout(showTimer);
    showTimer = setTimeout(() => show(link), SHOW_DELAY);
  });
  document.addEventListener("mouseout", (event) => {
    const into = event.relatedTarget;
    if (into instanceof Node && (tip.contains(into) || current?.contains(into))) return;
    clearTimeout(showTimer);
    if (current && document.activeElement !== current) {
      hideTimer = setTimeout(hide, HIDE_DELAY);
    }
  });
  document.addEventListener("focusin", (event) => {
    const link = linkOf(event.target);
    if (link && target(link)) show(link);
  });
  document.addEventListener("focusout", (event) => {
    if (event.target === current) hide();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && current) hide();
  });
  window.addEventListener("resize", () => { if (current) place(current); });

  // -- highlighted passage --------------------------------------------------------------------
  // On landing, jump straight to the passage (where the browser's own, smooth
  // fragment scroll would end: its top, below the header); on a change of
  // fragment the browser scrolls there itself.
  function highlight(event) {
    for (const node of document.querySelectorAll(".kb-highlight")) {
      node.classList.remove("kb-highlight");
    }
    let id = "";
    try { id = decodeURIComponent(location.hash.slice(1)); } catch { return; }
    const node = id && document.getElementById(id);
    if (!node || !(node.classList.contains("kb-passage") || id.startsWith("kb-pos-"))) return;
    node.classList.add("kb-highlight");
    const box = node.getBoundingClientRect();
    if (event?.type !== "hashchange" && (box.top < 0 || box.bottom > window.innerHeight)) {
      node.scrollIntoView({ block: "start", behavior: "instant" });
    }
  }
  highlight();
  window.addEventListener("hashchange", highlight);
  window.addEventListener("load", highlight);

  // -- theme icons ----------------------------------------------------------------------------
  for (const svg of document.querySelectorAll("svg:not([role]):not([aria-hidden])")) {
    if (svg.closest("symbol") || svg.parentElement?.closest("svg")) continue;
    const control = svg.closest("a, button, label");
    const named = control && (control.getAttribute("aria-label") || squash(control.textContent));
    const ref = svg.querySelector("use")?.getAttribute("href");
    const title = ref?.startsWith("#") ? squash(document.getElementById(ref.slice(1))
      ?.querySelector("title")?.textContent) : "";
    if (named || !title) {
      svg.setAttribute("aria-hidden", "true");
    } else {
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", title);
    }
    svg.setAttribute("focusable", "false");
  }

  // -- network pictures ---------------------------------------------------------------------
  function bringOut(svg, key) {
    svg.classList.toggle("kb-net-focus", Boolean(key));
    const linked = new Set(key ? [key] : []);
    for (const edge of svg.querySelectorAll("[data-ends]")) {
      const ends = edge.dataset.ends.split(" ");
      const on = Boolean(key) && ends.includes(key);
      edge.classList.toggle("kb-net-on", on);
      if (on) ends.forEach((end) => linked.add(end));
    }
    for (const node of svg.querySelectorAll("[data-node]")) {
      node.classList.toggle("kb-net-on", linked.has(node.dataset.node));
    }
  }
  for (const svg of document.querySelectorAll("svg.kb-network")) {
    svg.addEventListener("mouseover", (event) => {
      const node = event.target.closest?.("[data-node]");
      if (node) bringOut(svg, node.dataset.node);
    });
    svg.addEventListener("mouseleave", () => bringOut(svg, null));
  }

  // -- sources index: filter and sort ---------------------------------------------------------
  const FILTERS = ["Outlet", "Kind", "Language"];
  const NUMERIC = new Set(["Words"]);
  const cellText = (row, column) => row.cells[column]?.textContent.trim() ?? "";

  function sortKey(text, numeric) {
    if (numeric) return Number(text.replace(/[^\d.]/g, "")) || 0;
    return text === "n.d." ? "\uffff" : text.replace(/~$/, "");  // undated last
  }

  function control(labelText, input) {
    const label = document.createElement("label");
    label.className = "kb-filter";
    label.append(labelText + " ", input);
    return label;
  }

  function enhanceSourceIndex(table) {
    const headers = [...table.tHead.rows[table.tHead.rows.length - 1].cells];
    const column = Object.fromEntries(headers.map((th, i) => [th.textContent.trim(), i]));
    const body = table.tBodies[0];
    const rows = [...body.rows];
    const form = document.createElement("form");
    form.className = "kb-table-controls";
    form.setAttribute("aria-label", "Filter the sources");
    form.addEventListener("submit", (event) => event.preventDefault());
    const selects = {};
    for (const name of FILTERS.filter((n) => n in column)) {
      const select = document.createElement("select");
      select.name = name.toLowerCase();
      const values = [...new Set(rows.map((row) => cellText(row, column[name])))].sort();
      for (const value of ["", ...values]) {
        const option = document.createElement("option");
        option.value = value;
        option.textContent = value || "all";
        select.append(option);
      }
      selects[name] = select;
      form.append(control(name, select));
    }
    const dates = {};
    if ("Date" in column) {
      for (const [key, text] of [["from", "From"], ["to", "To"]]) {
        const input = document.createElement("input");
        input.type = "text";
        input.name = `date-${key}`;
        input.size = 10;
        input.placeholder = key === "from" ? "2014" : "2020-08";
        input.setAttribute("inputmode", "numeric");
        dates[key] = input;
        form.append(control(text, input));
      }
    }
    const status = document.createElement("p");
    status.className = "kb-table-status";
    status.setAttribute("aria-live", "polite");
    form.append(status);
    table.closest(".kb-table-scroll")?.before(form) ?? table.before(form);

    // A date matches a range given as a prefix (2014, 2014-03): "to" includes the whole prefix.
    function inRange(date) {
      const from = dates.from?.value.trim() ?? "";
      const to = dates.to?.value.trim() ?? "";
      if (!from && !to) return true;
      if (date === "n.d.") return false;
      const value = date.replace(/~$/, "");
      return (!from || value >= from) && (!to || value.slice(0, to.length) <= to);
    }
    function filter() {
      let shown = 0;
      for (const row of rows) {
        const keep = Object.entries(selects).every(([name, select]) =>
          !select.value || cellText(row, column[name]) === select.value)
          && inRange(cellText(row, column.Date));
        row.hidden = !keep;
        if (keep) shown += 1;
      }
      status.textContent = `Showing ${shown} of ${rows.length} sources.`;
    }
    form.addEventListener("input", filter);
    form.addEventListener("change", filter);

    headers.forEach((th, index) => {
      const name = th.textContent.trim();
      const button = document.createElement("button");
      button.type = "button";
      button.className = "kb-sort";
      button.textContent = name;
      button.title = `Sort by ${name.toLowerCase()}`;
      th.replaceChildren(button);
      button.addEventListener("click", () => {
        const ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach((other) => other.removeAttribute("aria-sort"));
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const numeric = NUMERIC.has(name);
        const keyed = rows.map((row, order) => [sortKey(cellText(row, index), numeric), order, row]);
        keyed.sort(([a, i], [b, j]) => (a < b ? -1 : a > b ? 1 : 0) * (ascending ? 1 : -1) || i - j);
        body.append(...keyed.map(([, , row]) => row));
      });
    });
    filter();
  }
  document.querySelectorAll("table.kb-source-index").forEach(enhanceSourceIndex);
})();
