// kb_ext.search: the client of the sharded search index (kb_ext/search/shards.py).
// In sharded mode the build writes this file, followed by
// `KbSearchShards.install(<manifest>)`, as searchindex.js. It replaces Sphinx's
// Search.query with one that fetches only the _kb_search/ files the query's
// words need, scores as Sphinx's searchtools.js does as far as those files
// allow, and lists the results in Sphinx's DOM (#search-results ul.search).
// Differences from Sphinx: matches are whole words or word prefixes (no
// substrings across the whole index); equal scores are ordered by page name,
// not title; results are listed PAGE at a time; and a text result's snippet
// is fetched only when the reader asks for it (Sphinx fetches every page).
"use strict";

var KbSearchShards = (() => {
  const PAGE = 20; // results listed at a time
  const MAX_PREFIX_FILES = 4; // extra term files read for a prefix match
  let manifest = null;
  const cache = new Map();

  const root = () => {
    const base = document.documentElement.dataset.content_root;
    return base === undefined ? "" : base;
  };

  const fetchJson = (name) => {
    if (!cache.has(name))
      cache.set(
        name,
        fetch(`${root()}_kb_search/${name}`).then((response) => {
          if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
          return response.json();
        }),
      );
    return cache.get(name);
  };

  // The file of the longest key that is a prefix of `word` (keys are code points).
  const filesFor = (keys, word) => {
    const chars = Array.from(word);
    for (let n = chars.length; n > 0; n--) {
      const key = chars.slice(0, n).join("");
      if (Object.prototype.hasOwnProperty.call(keys, key)) {
        const value = keys[key];
        return Array.isArray(value) ? value : [value];
      }
    }
    return [];
  };

  // Files of keys longer than `word` that start with it (terms it is a prefix of).
  const longerFiles = (keys, word) => {
    const files = new Set();
    for (const key of Object.keys(keys))
      if (key.length > word.length && key.startsWith(word)) files.add(keys[key]);
    return files.size <= MAX_PREFIX_FILES ? [...files] : [];
  };

  const decode = (postings) => {
    if (typeof postings === "number") return [postings];
    if (Array.isArray(postings)) return postings;
    const bytes = atob(postings);
    const docs = [];
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes.charCodeAt(i);
      if (byte) for (let b = 0; b < 8; b++) if (byte & (1 << b)) docs.push(i * 8 + b);
    }
    return docs;
  };

  const termFiles = async (word, prefixes) => {
    const numbers = new Set(filesFor(manifest.terms, word));
    if (prefixes) longerFiles(manifest.terms, word).forEach((n) => numbers.add(n));
    return Promise.all([...numbers].map((n) => fetchJson(`t${n}.json`)));
  };

  const nameFiles = async (word) =>
    Promise.all(filesFor(manifest.names, word).map((n) => fetchJson(`n${n}.json`)));

  const metaFor = async (doc) => {
    const block = await fetchJson(`m${Math.floor(doc / manifest.block)}.json`);
    const i = doc % manifest.block;
    return { docname: block.docnames[i], title: block.titles[i] };
  };

  // Sphinx's performTermsSearch, over the term files of the query's words.
  const termsSearch = async (searchTerms, excludedTerms) => {
    const scoreMap = new Map();
    const fileMap = new Map();
    for (const word of searchTerms) {
      const shards = await termFiles(word, word.length > 2);
      const records = [];
      const has = (kind) => shards.some((s) => Object.hasOwn(s[kind], word));
      for (const shard of shards) {
        if (Object.hasOwn(shard.terms, word))
          records.push({ files: shard.terms[word], score: Scorer.term });
        if (Object.hasOwn(shard.titleterms, word))
          records.push({ files: shard.titleterms[word], score: Scorer.title });
      }
      if (word.length > 2) {
        for (const shard of shards) {
          if (!has("terms"))
            for (const [term, files] of Object.entries(shard.terms))
              if (term.includes(word)) records.push({ files, score: Scorer.partialTerm });
          if (!has("titleterms"))
            for (const [term, files] of Object.entries(shard.titleterms))
              if (term.includes(word)) records.push({ files, score: Scorer.partialTitle });
        }
      }
      for (const record of records)
        for (const file of decode(record.files)) {
          if (!scoreMap.has(file)) scoreMap.set(file, new Map());
          const scores = scoreMap.get(file);
          scores.set(word, Math.max(scores.get(word) ?? 0, record.score));
          if (!fileMap.has(file)) fileMap.set(file, new Set());
          fileMap.get(file).add(word);
        }
    }
    const excluded = new Set();
    for (const word of excludedTerms)
      for (const shard of await termFiles(word, false))
        for (const kind of ["terms", "titleterms"])
          if (Object.hasOwn(shard[kind], word))
            decode(shard[kind][word]).forEach((doc) => excluded.add(doc));
    const filteredTermCount = [...searchTerms].filter((t) => t.length > 2).length;
    const results = [];
    for (const [file, words] of fileMap) {
      if (words.size !== searchTerms.size && words.size !== filteredTermCount) continue;
      if (excluded.has(file)) continue;
      const score = Math.max(...[...words].map((w) => scoreMap.get(file).get(w)));
      results.push({ kind: SearchResultKind.text, doc: file, anchor: "", score });
    }
    return results;
  };

  // Sphinx's title, index-entry and object searches, over the name files.
  const namesSearch = async (query, objectTerms) => {
    const queryLower = query.toLowerCase().trim();
    const normal = [];
    const nonMain = [];
    const titlesSeen = new Set();
    const entriesSeen = new Set();
    for (const term of objectTerms) {
      if (stopwords.has(term)) continue; // names are not filed under stop words
      const shards = await nameFiles(term);
      for (const shard of shards) {
        for (const [doc, title, id, isDocTitle] of shard.t) {
          const key = `${doc}\u0000${title}\u0000${id}`;
          if (titlesSeen.has(key)) continue;
          titlesSeen.add(key);
          if (
            title.toLowerCase().trim().includes(queryLower)
            && queryLower.length >= title.length / 2
          )
            normal.push({
              kind: SearchResultKind.title, doc, section: title, isDocTitle,
              anchor: id !== null ? `#${id}` : "",
              score: Math.round((Scorer.title * queryLower.length) / title.length)
                + (isDocTitle ? 1 : 0),
            });
        }
        for (const [doc, entry, id, isMain] of shard.i) {
          const key = `${doc}\u0000${entry}\u0000${id}`;
          if (entriesSeen.has(key)) continue;
          entriesSeen.add(key);
          if (entry.includes(queryLower) && queryLower.length >= entry.length / 2)
            (isMain ? normal : nonMain).push({
              kind: SearchResultKind.index, doc, anchor: id ? `#${id}` : "",
              score: Math.round((100 * queryLower.length) / entry.length),
            });
        }
        for (const [doc, prefix, name, anchor, objtype, prio] of shard.o) {
          const fullname = (prefix ? `${prefix}.` : "") + name;
          const fullnameLower = fullname.toLowerCase();
          if (!fullnameLower.includes(term)) continue;
          let score = 0;
          const last = fullnameLower.split(".").slice(-1)[0];
          if (fullnameLower === term || last === term) score += Scorer.objNameMatch;
          else if (last.includes(term)) score += Scorer.objPartialMatch;
          const objName = manifest.objnames[objtype][2];
          // Other words must be in the name or type (Sphinx also looks in the
          // page title, which is not in the name files).
          const haystack = `${prefix} ${name} ${objName}`.toLowerCase();
          if ([...objectTerms].some((t) => t !== term && !haystack.includes(t))) continue;
          score += Object.hasOwn(Scorer.objPrio, prio) ? Scorer.objPrio[prio] : Scorer.objPrioDefault;
          normal.push({ kind: SearchResultKind.object, doc, name: fullname, objName,
                        anchor: `#${anchor}`, score });
        }
      }
    }
    return [normal, nonMain];
  };

  // As Sphinx: one entry per page, anchor and name (a page's title and text results merge).
  const identity = (r) => [r.doc, r.anchor, r.name ?? "", r.objName ?? ""].join("\u0000");
  const order = (a, b) => b.score - a.score || a.doc - b.doc
    || (a.name ?? a.section ?? "").localeCompare(b.name ?? b.section ?? "");

  const dedupe = (results) => {
    const seen = new Set();
    return results.filter((r) => {
      const key = identity(r);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  };

  // Sphinx's _displayItem, built with DOM calls only.
  const displayItem = async (result, searchTerms, highlightTerms, list) => {
    const meta = await metaFor(result.doc);
    const opts = DOCUMENTATION_OPTIONS;
    let requestUrl;
    let linkUrl;
    if (opts.BUILDER === "dirhtml") {
      let dirname = `${meta.docname}/`;
      if (dirname.match(/\/index\/$/)) dirname = dirname.substring(0, dirname.length - 6);
      else if (dirname === "index/") dirname = "";
      requestUrl = root() + dirname;
      linkUrl = requestUrl;
    } else {
      requestUrl = root() + meta.docname + opts.FILE_SUFFIX;
      linkUrl = meta.docname + opts.LINK_SUFFIX;
    }
    let title = meta.title;
    let descr = null;
    if (result.kind === SearchResultKind.object) {
      title = result.name;
      descr = result.objName + _(", in ") + meta.title;
    } else if (result.kind === SearchResultKind.title && !result.isDocTitle)
      title = `${meta.title} > ${result.section}`;

    const item = document.createElement("li");
    item.classList.add(`kind-${result.kind}`);
    const link = item.appendChild(document.createElement("a"));
    link.href = linkUrl + result.anchor;
    link.dataset.score = result.score;
    link.textContent = title;
    const highlight = () => {
      if (typeof SPHINX_HIGHLIGHT_ENABLED !== "undefined" && SPHINX_HIGHLIGHT_ENABLED)
        highlightTerms.forEach((term) => _highlightText(item, term, "highlighted"));
    };
    if (descr) {
      item.appendChild(document.createElement("span")).textContent = ` (${descr})`;
      highlight();
    } else if (opts.SHOW_SEARCH_SUMMARY) {
      // Bounded: the page is fetched only when asked for (pages can be large).
      const button = item.appendChild(document.createElement("button"));
      button.type = "button";
      button.className = "kb-search-excerpt";
      button.textContent = "show excerpt";
      button.addEventListener("click", async () => {
        button.disabled = true;
        const data = await fetch(requestUrl).then((r) => r.text());
        const summary = data ? Search.makeSearchSummary(data, searchTerms, result.anchor) : null;
        if (summary) button.replaceWith(summary);
        else button.remove();
        highlight();
      });
    }
    return item;
  };

  const finish = (count) => {
    Search.stopPulse();
    Search.title.innerText = _("Search Results");
    if (!count)
      Search.status.innerText = Documentation.gettext(
        "Your search did not match any documents. Please make sure that all words are spelled correctly and that you've selected enough categories.",
      );
    else
      Search.status.innerText = Documentation.ngettext(
        "Search finished, found one page matching the search query.",
        "Search finished, found ${resultCount} pages matching the search query.",
        count,
      ).replace("${resultCount}", count);
  };

  const showPage = async (results, start, searchTerms, highlightTerms) => {
    const list = Search.output;
    const items = await Promise.all(results.slice(start, start + PAGE)
      .map((r) => displayItem(r, searchTerms, highlightTerms, list)));
    items.forEach((item) => list.appendChild(item));
    const next = start + PAGE;
    const old = document.getElementById("kb-search-more");
    if (old) old.remove();
    if (next < results.length) {
      const more = document.createElement("button");
      more.type = "button";
      more.id = "kb-search-more";
      more.textContent = `Show more results (${results.length - next} left)`;
      more.addEventListener("click", () => {
        more.disabled = true;
        showPage(results, next, searchTerms, highlightTerms);
      });
      list.after(more);
    }
  };

  const query = async (text) => {
    const [searchQuery, searchTerms, excludedTerms, highlightTerms, objectTerms] =
      Search._parseQuery(text);
    const progress = document.getElementById("search-progress");
    while (progress && progress.lastChild) progress.removeChild(progress.lastChild);
    try {
      const [[normal, nonMain], terms] = await Promise.all([
        namesSearch(searchQuery, objectTerms),
        termsSearch(searchTerms, excludedTerms),
      ]);
      if (typeof Scorer.score === "function") {
        // Sphinx's hook takes [docname, title, anchor, descr, score, filename, kind];
        // only the score, anchor and kind are known here without page metadata.
        for (const r of [...normal, ...terms, ...nonMain])
          r.score = Scorer.score(["", "", r.anchor, null, r.score, "", r.kind]);
      }
      const results = [
        ...dedupe([...normal, ...terms].sort(order)),
        ...dedupe(nonMain.sort(order)),
      ];
      await showPage(results, 0, searchTerms, highlightTerms);
      finish(results.length);
    } catch (error) {
      Search.stopPulse();
      Search.title.innerText = _("Search Results");
      Search.status.innerText = `Search failed: ${error.message}`;
    }
  };

  const install = (data) => {
    manifest = data;
    Search.query = query;
    Search.setIndex({ kbSharded: true }); // runs a query queued before this point
  };

  return { install, query, decode };
})();
