"""Start LibreOffice: the one place in policykit that does.

``session`` runs ``worker.py`` under the system Python (the one with ``uno``).

May import: ``policykit.errors`` only.
"""
