"""Start LibreOffice: the one place in policykit that does.

``session`` runs ``worker.py`` under the system Python (the one with ``uno``), which loads
``worker_office.py`` (the one soffice) and ``worker_text.py`` (the text form) by path; ``pdf``
keeps one office open while a publish exports its PDFs (PDF/UA, PDF/A-2, tagged).
``browser`` is the one place that starts chromium: it prints the HTML redline to a tagged
PDF; ``printstyle`` writes the print styles chromium honours (the classification marking
in the margins of every printed page), used by the HTML redline and the published pages.

May import: ``policykit.errors`` only.
"""
