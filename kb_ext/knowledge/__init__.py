"""What the curated pages and the sources contribute: records, the object
types, the kb domain that stores them and the directives that write them."""
