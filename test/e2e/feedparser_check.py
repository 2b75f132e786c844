"""Parses a feed from stdin with the Universal Feed Parser and prints what a reader would see, as JSON."""
import json
import sys

import feedparser

data = sys.stdin.buffer.read()
d = feedparser.parse(data)
print(json.dumps({
    "bozo": d.bozo,
    "bozo_exception": str(d.get("bozo_exception", "")),
    "version": d.version,
    "title": d.feed.get("title"),
    "language": d.feed.get("language"),
    "updated": d.feed.get("updated"),
    "self": [l.get("href") for l in d.feed.get("links", []) if l.get("rel") == "self"],
    "entries": [{
        "title": e.get("title"),
        "id": e.get("id"),
        "link": e.get("link"),
        "author": e.get("author"),
        "published": e.get("published"),
        "published_utc": list(e.published_parsed[:6]) if e.get("published_parsed") else None,
        "tags": [t.get("term") for t in e.get("tags", [])],
        "content": [c.get("value") for c in e.get("content", [])],
        "summary": e.get("summary"),
    } for e in d.entries],
}, ensure_ascii=False))
