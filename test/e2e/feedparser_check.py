"""Parses a feed with the Universal Feed Parser and prints what a reader would see, as JSON.

With no arguments it reads the feed from stdin. With a URL (and optionally an ETag) it fetches
the feed itself, as a reader polling it does: gzip-compressed, conditional on the ETag.
"""
import json
import sys

import feedparser

if len(sys.argv) > 1:
    d = feedparser.parse(sys.argv[1], etag=sys.argv[2] if len(sys.argv) > 2 else None)
else:
    d = feedparser.parse(sys.stdin.buffer.read())
headers = d.get("headers", {})
print(json.dumps({
    "status": d.get("status"),
    "content_encoding": headers.get("content-encoding"),
    "etag": d.get("etag"),
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
        "enclosures": [{"href": x.get("href"), "length": x.get("length"), "type": x.get("type")}
                       for x in e.get("enclosures", [])],
    } for e in d.entries],
}, ensure_ascii=False))
