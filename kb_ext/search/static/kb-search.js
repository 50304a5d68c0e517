// kb_ext: make Sphinx's search snippets quote the article, not the page furniture.
// On source pages the provenance card and the "Cited by" notes come before or
// inside the passages; they stay searchable but are left out of result snippets.
(() => {
  if (typeof Search === "undefined" || typeof Search.htmlToText !== "function") return;
  const original = Search.htmlToText;
  Search.htmlToText = (htmlString, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    page.querySelectorAll(".kb-cited-by, .kb-source-card").forEach((el) => el.remove());
    return original(page.documentElement.outerHTML, anchor);
  };
})();
