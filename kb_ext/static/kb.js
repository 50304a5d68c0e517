// kb_ext: small reader helpers (progressive enhancement; the site works without them).
