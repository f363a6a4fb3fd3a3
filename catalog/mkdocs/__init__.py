"""The MkDocs adapter: the plugin and the theme shells; the only code that imports
MkDocs or Material."""
