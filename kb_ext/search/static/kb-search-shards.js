// kb_ext.search: the search page's client (kb_ext/search/, docs/guide/search.md).
// The build writes this file as the start of searchindex.js, followed by either
// `KbSearchShards.install(<manifest>)` (sharded: the client fetches only the
// _kb_search/ files a query's words need) or `KbSearchShards.installFull(<extras>)`
// and Sphinx's own `Search.setIndex(...)` (one index, searched in memory). Both
// replace Sphinx's Search.query with the same search:
// - a query word is looked up under its stem in the project's language and in
//   each language of the site's pages (Snowball stemmers loaded from
//   _kb_stemmers/ when the word is in their alphabet, or a light ending-stripper);
// - one result per knowledge-base object, whichever alias matched, naming it;
// - pages of knowledge-base objects rank before other pages (guides);
// - a source result links to its best-matching passage, shows that passage's
//   words and the source's outlet and date.
// Differences from Sphinx (sharded): matches are whole words or word prefixes;
// equal scores are ordered by page name; results are listed PAGE at a time; and
// snippets are fetched when asked for, a source's passages when its result is
// on the screen.
"use strict";

var KbSearchShards = (() => {
  const PAGE = 20; // results listed at a time
  const MAX_PREFIX_FILES = 4; // extra term files read for a prefix match
  const EXCERPT_CHARS = 240;
  const AT_ONCE = 5; // sharded: source results on the screen whose passages come unasked
  const SCRIPTS = { // alphabet of each stemmed language other than Latin
    ru: "Cyrillic", uk: "Cyrillic", be: "Cyrillic", sr: "Cyrillic", el: "Greek",
    ar: "Arabic", hy: "Armenian", hi: "Devanagari", ne: "Devanagari", ta: "Tamil",
  };
  let manifest = null; // sharded
  let full = false; // Sphinx's own index, in Search._index
  let kb = { languages: {}, primary: [], stemmers: "_kb_stemmers", subtitles: [] };
  let primary = new Set();
  let fullNames = null;
  const cache = new Map();
  const stemmers = new Map(); // language -> Promise of a word -> stem function

  const root = () => {
    const base = document.documentElement.dataset.content_root;
    return base === undefined ? "" : base;
  };

  const fetchJson = (name) => {
    if (!cache.has(name))
      cache.set(name, fetch(`${root()}_kb_search/${name}`).then((response) => {
        if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
        return response.json();
      }));
    return cache.get(name);
  };

  const loadScript = (file) => new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = `${root()}${kb.stemmers}/${file}`;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`${file} did not load`));
    document.head.appendChild(script);
  });

  // One ending stripped, the longest that leaves `min` letters (kb_ext/search/languages.py).
  const lightStem = (word, endings, min) => {
    let best = "";
    for (const ending of endings)
      if (ending.length > best.length && word.endsWith(ending)
          && Array.from(word).length - Array.from(ending).length >= min) best = ending;
    return best ? word.slice(0, word.length - best.length) : word;
  };

  const stemmerFor = (code) => {
    if (!stemmers.has(code)) {
      const lang = kb.languages[code];
      if (lang.endings) stemmers.set(code, Promise.resolve(
        (word) => lightStem(word, lang.endings, lang.min)));
      else {
        const name = `${lang.snowball[0].toUpperCase()}${lang.snowball.slice(1)}Stemmer`;
        const base = typeof BaseStemmer === "undefined" ? loadScript("base-stemmer.js")
          : Promise.resolve();
        stemmers.set(code, base.then(() => loadScript(`${lang.snowball}-stemmer.js`)).then(() => {
          const stemmer = new window[name]();
          return (word) => stemmer.stemWord(word);
        }));
      }
    }
    return stemmers.get(code);
  };

  const written = (word, script) => new RegExp(`\\p{Script=${script}}`, "u").test(word);
  const languagesOf = (word) => Object.keys(kb.languages).filter((code) =>
    SCRIPTS[code] ? written(word, SCRIPTS[code]) : written(word, "Latin"));

  // A lower-cased word's stems: the project language's (as Sphinx indexes every
  // page) and those of the site's languages it is written in.
  const projectStemmer = new Stemmer();
  const formsOf = async (word) => {
    const forms = new Set([projectStemmer.stemWord(word)]);
    for (const code of languagesOf(word)) forms.add((await stemmerFor(code))(word));
    return [...forms].filter((form) => form);
  };
  const formsNow = new Map(); // passage words, stemmed with the stemmers the query loaded
  const formsOfLoaded = async (word) => {
    if (!formsNow.has(word)) formsNow.set(word, await formsOf(word));
    return formsNow.get(word);
  };

  // The file of the longest key that is a prefix of `word` (keys are code points).
  const filesFor = (keys, word) => {
    const chars = Array.from(word);
    for (let n = chars.length; n > 0; n--) {
      const key = chars.slice(0, n).join("");
      if (Object.hasOwn(keys, key)) {
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

  const unescape = (text) => (text.includes("&")
    ? new DOMParser().parseFromString(text, "text/html").documentElement.textContent : text);

  // Sphinx's index as one name file (the sharded name files' form, shards.py).
  const namesOfFull = () => {
    if (fullNames) return fullNames;
    const index = Search._index;
    fullNames = { o: [], t: [], i: [] };
    for (const [prefix, objects] of Object.entries(index.objects))
      for (const [doc, objtype, prio, anchor, name] of objects) {
        const fullname = prefix ? `${prefix}.${name}` : name;
        const id = anchor === "" ? fullname
          : anchor === "-" ? `${index.objnames[objtype][1]}-${fullname}` : anchor;
        fullNames.o.push([doc, unescape(prefix), unescape(name), id, objtype, prio]);
      }
    for (const [title, places] of Object.entries(index.alltitles))
      for (const [doc, id] of places)
        fullNames.t.push([doc, unescape(title), id, index.titles[doc] === title ? 1 : 0]);
    for (const [entry, places] of Object.entries(index.indexentries))
      for (const [doc, id, main] of places) fullNames.i.push([doc, entry, id, main ? 1 : 0]);
    return fullNames;
  };

  const termFiles = async (word, prefixes) => {
    if (full) return [Search._index];
    const numbers = new Set(filesFor(manifest.terms, word));
    if (prefixes) longerFiles(manifest.terms, word).forEach((n) => numbers.add(n));
    return Promise.all([...numbers].map((n) => fetchJson(`t${n}.json`)));
  };

  const nameFiles = async (word) => (full ? [namesOfFull()]
    : Promise.all(filesFor(manifest.names, word).map((n) => fetchJson(`n${n}.json`))));

  const objnames = () => (full ? Search._index.objnames : manifest.objnames);

  const metaFor = async (doc) => {
    if (full) {
      const index = Search._index;
      return { docname: index.docnames[doc], title: index.titles[doc],
               subtitle: kb.subtitles[doc] ?? null };
    }
    const block = await fetchJson(`m${Math.floor(doc / manifest.block)}.json`);
    const i = doc % manifest.block;
    return { docname: block.docnames[i], title: block.titles[i],
             subtitle: block.subtitles ? block.subtitles[i] : null };
  };

  // Sphinx's performTermsSearch, a word matching under any of its stems.
  const termsSearch = async (words, excludedTerms) => {
    const scoreMap = new Map();
    for (const { word, forms } of words) {
      for (const form of forms) {
        const shards = await termFiles(form, form.length > 2);
        const records = [];
        const has = (kind) => shards.some((s) => Object.hasOwn(s[kind], form));
        for (const shard of shards) {
          if (Object.hasOwn(shard.terms, form))
            records.push({ files: shard.terms[form], score: Scorer.term });
          if (Object.hasOwn(shard.titleterms, form))
            records.push({ files: shard.titleterms[form], score: Scorer.title });
        }
        if (form.length > 2) {
          for (const shard of shards) {
            if (!has("terms"))
              for (const [term, files] of Object.entries(shard.terms))
                if (term.includes(form)) records.push({ files, score: Scorer.partialTerm });
            if (!has("titleterms"))
              for (const [term, files] of Object.entries(shard.titleterms))
                if (term.includes(form)) records.push({ files, score: Scorer.partialTitle });
          }
        }
        for (const record of records)
          for (const file of decode(record.files)) {
            if (!scoreMap.has(file)) scoreMap.set(file, new Map());
            const scores = scoreMap.get(file);
            scores.set(word, Math.max(scores.get(word) ?? 0, record.score));
          }
      }
    }
    const excluded = new Set();
    for (const word of excludedTerms)
      for (const shard of await termFiles(word, false))
        for (const kind of ["terms", "titleterms"])
          if (Object.hasOwn(shard[kind], word))
            decode(shard[kind][word]).forEach((doc) => excluded.add(doc));
    const longWords = words.filter((w) => w.word.length > 2).length;
    const results = [];
    for (const [file, scores] of scoreMap) {
      if (scores.size !== words.length && scores.size !== longWords) continue;
      if (excluded.has(file)) continue;
      results.push({ kind: SearchResultKind.text, doc: file, anchor: "",
                     score: Math.max(...scores.values()) });
    }
    return results;
  };

  // kb_ext files an actor's aliases as objects "<alias> (see <name>)" on the
  // actor's own anchor: the alias is what matched, the name what is shown.
  const SEE = /^(.*) \(see (.*)\)$/s;

  // Sphinx's title, index-entry and object searches, over the name files.
  const namesSearch = async (query, objectTerms) => {
    const queryLower = query.toLowerCase().trim();
    const normal = [];
    const nonMain = [];
    const seen = new Set();
    const once = (key) => !seen.has(key) && seen.add(key);
    for (const term of objectTerms) {
      if (stopwords.has(term)) continue; // names are not filed under stop words
      for (const shard of await nameFiles(term)) {
        for (const [doc, title, id, isDocTitle] of shard.t) {
          if (!once(`t\u0000${doc}\u0000${title}\u0000${id}`)) continue;
          if (title.toLowerCase().trim().includes(queryLower)
              && queryLower.length >= title.length / 2)
            normal.push({
              kind: SearchResultKind.title, doc, section: title, isDocTitle,
              anchor: id !== null ? `#${id}` : "",
              score: Math.round((Scorer.title * queryLower.length) / title.length)
                + (isDocTitle ? 1 : 0),
            });
        }
        for (const [doc, entry, id, isMain] of shard.i) {
          if (!once(`i\u0000${doc}\u0000${entry}\u0000${id}`)) continue;
          if (entry.includes(queryLower) && queryLower.length >= entry.length / 2)
            (isMain ? normal : nonMain).push({
              kind: SearchResultKind.index, doc, anchor: id ? `#${id}` : "",
              score: Math.round((100 * queryLower.length) / entry.length),
            });
        }
        for (const [doc, prefix, name, anchor, objtype, prio] of shard.o) {
          const fullname = (prefix ? `${prefix}.` : "") + name;
          if (!once(`o\u0000${doc}\u0000${fullname}\u0000${anchor}`)) continue;
          const see = fullname.match(SEE);
          const matched = (see ? see[1] : fullname).toLowerCase();
          if (!matched.includes(term)) continue;
          let score = 0;
          const last = matched.split(".").slice(-1)[0];
          if (matched === queryLower || last === term) score += Scorer.objNameMatch;
          else if (last.includes(term)) score += Scorer.objPartialMatch;
          const objName = objnames()[objtype][2];
          // Other words must be in the name or type (Sphinx also looks in the
          // page title, which is not in the name files).
          const haystack = `${prefix} ${name} ${objName}`.toLowerCase();
          if ([...objectTerms].some((t) => t !== term && !haystack.includes(t))) continue;
          score += Object.hasOwn(Scorer.objPrio, prio) ? Scorer.objPrio[prio] : Scorer.objPrioDefault;
          normal.push({ kind: SearchResultKind.object, doc, score, anchor: `#${anchor}`,
                        query: queryLower,
                        name: see ? see[2] : fullname, alias: see ? see[1] : null,
                        objName: see ? objName.replace(/ alias$/, "") : objName });
        }
      }
    }
    return [normal, nonMain];
  };

  // One result per page of a knowledge-base object (its best score; shown as its
  // object when one matched); other pages as Sphinx: one per page, anchor and name.
  // The alias named is one the query equals, else none if the object's own name
  // matched, else the shortest alias that matched.
  const merge = (results) => {
    const groups = new Map();
    for (const r of results) {
      const key = primary.has(r.doc) ? `${r.doc}`
        : [r.doc, r.anchor, r.name ?? "", r.objName ?? ""].join("\u0000");
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(r);
    }
    return [...groups.values()].map((group) => {
      const objects = group.filter((r) => r.kind === SearchResultKind.object);
      const top = Math.max(...group.map((r) => r.score));
      if (!objects.length) return group.find((r) => r.score === top);
      const anchor = objects.reduce((a, b) => (b.score > a.score ? b : a)).anchor;
      const same = objects.filter((r) => r.anchor === anchor);
      const aliases = same.filter((r) => r.alias !== null)
        .sort((a, b) => a.alias.length - b.alias.length);
      const shown = aliases.find((r) => r.alias.toLowerCase() === r.query)
        ?? same.find((r) => r.alias === null) ?? aliases[0];
      return { ...shown, score: top };
    });
  };
  const order = (a, b) => (primary.has(b.doc) - primary.has(a.doc)) || b.score - a.score
    || a.doc - b.doc || (a.name ?? a.section ?? "").localeCompare(b.name ?? b.section ?? "");

  const tokens = (text) => splitQuery(text.toLowerCase());
  // Whether a passage word is a query word: the same word, a word it starts, or a shared stem.
  const matches = async (token, word) => token === word.word || token.startsWith(word.word)
    || (await formsOfLoaded(token)).some((form) => word.forms.includes(form));

  // A source's passage with most query words (or, when none has one, with a
  // spelling of an actor whose "Actors mentioned" line the query matched), and
  // the first word of it that matched. `data` is its _kb_passages/ file
  // (kb_ext/search/passages.py): {"p": [[anchor, text]], "m": [line]}.
  const bestPassage = async (data, words) => {
    const passages = data.p.map(([id, text]) => ({ id, text }));
    const found = async (text, wanted) => {
      const hits = [];
      const all = tokens(text);
      for (const word of wanted)
        for (const token of all) if (await matches(token, word)) { hits.push(token); break; }
      return hits;
    };
    const pick = async (wanted) => {
      let chosen = null;
      for (const passage of passages) {
        const hits = await found(passage.text, wanted);
        if (hits.length > (chosen ? chosen.hits.length : 0)) chosen = { ...passage, hits };
      }
      return chosen;
    };
    let chosen = await pick(words);
    for (const line of chosen ? [] : data.m) {
      if (!(await found(line, words)).length) continue;
      // "<name> (<n> passages) also written <a>; <b>": the name and the spellings
      const names = line.replace(/\(\d+ passages?\)/, ";").replace(/\balso written\b/, ";");
      const spellings = new Set(tokens(names).filter((t) => t.length > 3));
      for (const spelling of spellings) {
        chosen = await pick([{ word: spelling, forms: await formsOf(spelling) }]);
        if (chosen) break;
      }
      if (chosen) break;
    }
    // Still none (a match in the title or the card): the article's first words.
    if (!chosen && passages.length) chosen = { ...passages[0], hits: [] };
    return chosen;
  };

  // About EXCERPT_CHARS of the passage, from a little before its first matched word.
  const excerptOf = (passage) => {
    const { text } = passage;
    if (text.length <= EXCERPT_CHARS) return text;
    const lower = text.toLowerCase();
    const at = Math.min(...passage.hits.map((t) => lower.indexOf(t)).filter((i) => i >= 0));
    let start = Number.isFinite(at) ? Math.max(0, at - Math.floor(EXCERPT_CHARS / 3)) : 0;
    start = Math.min(start, Math.max(0, text.length - EXCERPT_CHARS));
    return (start > 0 ? "…" : "") + text.substr(start, EXCERPT_CHARS)
      + (start + EXCERPT_CHARS < text.length ? "…" : "");
  };

  // Sphinx's _displayItem, built with DOM calls only.
  const displayItem = async (result, query) => {
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
      descr = result.objName + (result.alias ? `, as “${result.alias}”` : "")
        + (result.name === meta.title ? "" : _(", in ") + meta.title);
    } else if (result.kind === SearchResultKind.title && !result.isDocTitle)
      title = `${meta.title} > ${result.section}`;
    const source = meta.subtitle !== null;
    if (source) descr = descr ? `${descr} · ${meta.subtitle}` : meta.subtitle;

    const item = document.createElement("li");
    item.classList.add(`kind-${result.kind}`);
    const link = item.appendChild(document.createElement("a"));
    link.href = linkUrl + result.anchor;
    link.dataset.score = result.score;
    link.textContent = title;
    const highlight = () => {
      if (typeof SPHINX_HIGHLIGHT_ENABLED !== "undefined" && SPHINX_HIGHLIGHT_ENABLED)
        query.highlightTerms.forEach((term) => _highlightText(item, term, "highlighted"));
    };
    if (descr) {
      const span = item.appendChild(document.createElement("span"));
      span.className = source ? "kb-search-source" : "";
      span.textContent = ` (${descr})`;
    }
    highlight();
    // A source's passage, or (other text results) Sphinx's snippet of the page.
    const wantsExcerpt = source || (!descr && opts.SHOW_SEARCH_SUMMARY);
    if (!wantsExcerpt) return item;
    const excerpt = async () => {
      if (item.dataset.kbExcerpt) return; // asked for twice (seen, then clicked)
      item.dataset.kbExcerpt = "pending";
      // A source's passages file (a few KB), else the page for Sphinx's snippet.
      const data = await (source ? passagesOf(meta.docname) : fetch(requestUrl)
        .then((r) => (r.ok ? r.text() : ""))).catch(() => "");
      let summary = null;
      const passage = source && data ? await bestPassage(data, query.words) : null;
      if (passage) {
        summary = document.createElement("p");
        summary.className = "context kb-search-passage";
        summary.textContent = excerptOf(passage);
        link.href = `${linkUrl}#${passage.id}`;
      } else if (data && !source && opts.SHOW_SEARCH_SUMMARY)
        summary = Search.makeSearchSummary(data, query.searchTerms, result.anchor);
      const button = item.querySelector("button.kb-search-excerpt");
      if (summary) (button ? button.replaceWith(summary) : item.appendChild(summary));
      else if (button) button.remove();
      highlight();
      item.dataset.kbExcerpt = "done";
    };
    if (full) excerpt(); // as Sphinx: every listed result's snippet
    else {
      // Bounded: a page is fetched only when asked for (pages can be large); a
      // source's passages (a few KB) when its result is on the screen (showPage).
      const button = item.appendChild(document.createElement("button"));
      button.type = "button";
      button.className = "kb-search-excerpt";
      button.textContent = "show excerpt";
      button.addEventListener("click", () => { button.disabled = true; excerpt(); });
      if (source) item.kbExcerpt = excerpt;
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

  // _kb_passages/<docname>.json.gz (kb_ext/search/passages.py), inflated here.
  // A server that sends it with Content-Encoding: gzip has inflated it already.
  const passagesOf = async (docname) => {
    const response = await fetch(`${root()}_kb_passages/${docname}.json.gz`);
    if (!response.ok) return "";
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return JSON.parse(new TextDecoder().decode(bytes));
    if (typeof DecompressionStream === "undefined") return "";
    const inflated = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(inflated).json();
  };

  // Sharded: a source result below the fold gets its passage when scrolled to.
  const onScreen = typeof IntersectionObserver === "undefined" ? { observe: () => {} }
    : new IntersectionObserver((entries, observer) => entries.forEach((entry) => {
      if (!entry.isIntersecting) return;
      observer.unobserve(entry.target);
      entry.target.kbExcerpt();
    }));

  const showPage = async (results, start, query) => {
    const list = Search.output;
    const size = full ? results.length : PAGE; // one index in memory: all, as Sphinx
    const items = [];
    for (const r of results.slice(start, start + size)) items.push(await displayItem(r, query));
    items.forEach((item) => list.appendChild(item));
    let shown = 0; // at most AT_ONCE passages files unasked; others when scrolled to
    for (const item of items) {
      if (!item.kbExcerpt) continue;
      const box = item.getBoundingClientRect();
      if (box.top >= window.innerHeight || box.bottom <= 0) onScreen.observe(item);
      else if (shown++ < AT_ONCE) item.kbExcerpt();
    }
    const next = start + size;
    const old = document.getElementById("kb-search-more");
    if (old) old.remove();
    if (next < results.length) {
      const more = document.createElement("button");
      more.type = "button";
      more.id = "kb-search-more";
      more.textContent = `Show more results (${results.length - next} left)`;
      more.addEventListener("click", () => {
        more.disabled = true;
        showPage(results, next, query);
      });
      list.after(more);
    }
  };

  const query = async (text) => {
    const progress = document.getElementById("search-progress");
    while (progress && progress.lastChild) progress.removeChild(progress.lastChild);
    try {
      const [searchQuery, searchTerms, excludedTerms, highlightTerms, objectTerms] =
        Search._parseQuery(text);
      const raw = [...new Set(splitQuery(text.trim()).map((w) => w.toLowerCase())
        .filter((w) => !stopwords.has(w) && !w.match(/^\d+$/)))];
      const words = await Promise.all(raw.map(async (word) => ({ word, forms: await formsOf(word) })));
      const [[normal, nonMain], terms] = await Promise.all([
        namesSearch(searchQuery, objectTerms),
        termsSearch(words, excludedTerms),
      ]);
      if (typeof Scorer.score === "function") {
        // Sphinx's hook takes [docname, title, anchor, descr, score, filename, kind];
        // only the score, anchor and kind are known here without page metadata.
        for (const r of [...normal, ...terms, ...nonMain])
          r.score = Scorer.score(["", "", r.anchor, null, r.score, "", r.kind]);
      }
      const main = merge([...normal, ...terms]);
      const mainKeys = new Set(main.filter((r) => primary.has(r.doc)).map((r) => r.doc));
      const results = [
        ...main.sort(order),
        ...merge(nonMain.filter((r) => !mainKeys.has(r.doc))).sort(order),
      ];
      await showPage(results, 0, { words, searchTerms, highlightTerms });
      finish(results.length);
    } catch (error) {
      Search.stopPulse();
      Search.title.innerText = _("Search Results");
      Search.status.innerText = `Search failed: ${error.message}`;
    }
  };

  const configure = (extras) => {
    kb = { ...kb, ...extras };
    primary = new Set(decode(kb.primary));
    Search.query = query;
  };

  const install = (data) => {
    manifest = data;
    configure(data.kb ?? {});
    Search.setIndex({ kbSharded: true }); // runs a query queued before this point
  };

  // Before Sphinx's own `Search.setIndex(...)`, which follows in searchindex.js.
  const installFull = (extras) => {
    full = true;
    configure(extras);
  };

  return { install, installFull, query, decode, lightStem };
})();
