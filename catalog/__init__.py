"""Static product catalogue and marketplace generator for cooperative trading houses."""

__version__ = "0.1.0"
