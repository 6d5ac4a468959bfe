"""Documents: one format object per document format (plain text, Markdown, HTML), read into a skeleton of translatable slots."""
