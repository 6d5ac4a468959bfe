"""Interchange with CAT tools: safe XML, XLIFF 1.2 and TMX 1.4b."""
