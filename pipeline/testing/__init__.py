"""Test helpers shipped with the package (the deterministic word-for-word test model)."""
