"""Read and write WordprocessingML packages, with no knowledge of councils or policies.

Owns the one oxml vocabulary (``oxml``), the untrusted-input reader (``inputs``) and the
package writer (``package``: one zip writer, one atomic file writer).

May import: ``policykit.errors``, lxml, python-docx. Nothing from the domain.
"""
