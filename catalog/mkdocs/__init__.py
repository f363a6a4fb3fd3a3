"""The MkDocs adapter: the plugin, the theme shells and the commands; the only code that
imports MkDocs or Material. Of that, only :mod:`catalog.mkdocs.shim` uses their private
names (tests/test_mkdocs_shim.py checks)."""
