"""Building a site: the pipeline, the search index (the only code that knows Pagefind)
and the release report."""
