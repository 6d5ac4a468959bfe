"""Argos Translate packages: the index, install (from the index or a file), archive checks, removal."""
