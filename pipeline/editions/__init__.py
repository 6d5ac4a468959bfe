"""Books and print: EPUB 3 and PDF editions of one or more reviewed PO files.

* :mod:`pipeline.editions.book` turns each PO into a :class:`~pipeline.editions.book.Chapter`
  (through the public HTML edition, :func:`pipeline.publish.build_edition`)
  and checks that a set of POs makes one book (same variant, all reviewed).
* :mod:`pipeline.editions.epub` writes the EPUB 3 container by hand.
* :mod:`pipeline.editions.pdf` prints the chapters with headless Chromium.
"""
