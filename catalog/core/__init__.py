"""The core: diagnostics, loading, the typed model, vocabularies, rules, the catalogue.

Imports nothing of the layers above it (images, site, build, mkdocs, cli, intake)."""
