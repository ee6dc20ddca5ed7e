"""Sources into `Document`s: text, HTML pages, feeds, Telegram exports and lists of URLs (see `ingest.sources`)."""

#: What `as_kind` (the CLI's `--as`) accepts. Defined here rather than in `ingest.sources` so that the CLI can
#: check `--as` without importing the readers (httpx, trafilatura, feedparser).
AS_KINDS = ("text", "html", "feed", "telegram", "urls")
