"""Publish a pack: PDFs, the agenda pack, the HTML site, exempt appendices and launch kit.

Owns: ``html`` (pages from the content), ``htmlbody`` (Markdown to HTML), ``theme`` (the
brand kit's web templates), and the publishing pipeline. May import: ``errors``,
``content``, ``word``, ``render`` and ``office`` (to export PDFs); never ``versions``,
``api`` or ``cli``.
"""
