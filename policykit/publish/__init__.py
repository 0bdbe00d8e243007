"""Publish a pack: PDFs, the agenda pack, the HTML site, exempt appendices and launch kit.

Owns ``pipeline`` (both audiences, written atomically), ``html`` and ``htmlbody`` (pages
from the content), ``theme`` (the brand kit's web templates), ``agenda`` (the agenda pack
PDF), ``marks`` (DRAFT and NOT FOR PUBLICATION lines) and ``launch`` (email and bulletin).
May import: ``errors``, ``content``, ``word``, ``render`` and ``office`` (to export PDFs);
never ``versions``, ``api`` or ``cli``.
"""
