"""Sentence segmentation: rules as data, protected spans, character spans never rewritten."""
