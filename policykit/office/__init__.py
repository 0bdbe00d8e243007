"""Start LibreOffice: the one place in policykit that does.

``session`` runs ``worker.py`` under the system Python (the one with ``uno``), which loads
``worker_office.py`` (the one soffice) and ``worker_text.py`` (the text form) by path; ``pdf``
keeps one office open while a publish exports its PDFs (PDF/UA, PDF/A-2, tagged).

May import: ``policykit.errors`` only.
"""
