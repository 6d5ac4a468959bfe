"""Target languages: the one languages table, typography per script, numbers, OpenCC conversion for Chinese."""
