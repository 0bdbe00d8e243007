"""Read and write WordprocessingML packages, with no knowledge of councils or policies.

Owns the one oxml vocabulary (``oxml``: tag names and element builders), the untrusted-input
reader (``inputs``: the one DTD scan and the one safe XML parser) and the package writer
(``package``: the one zip writer ``write_zip``, the one atomic file writer ``write_atomic``,
whose every failure is an ``OutputError``) and the build's source-map bookmarks
(``sourcemap``: ``_PkN`` on paragraph N, the one place that names them).

May import: ``policykit.errors``, lxml, python-docx. Nothing from the domain.
"""
