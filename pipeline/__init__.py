"""mtpipe: English news articles to reviewed Chinese translations."""

__version__ = "0.1.0"
