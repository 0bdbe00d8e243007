"""Offer the common paths in one place: build a pack, compare documents, list due reviews.

The CLI calls these functions; so can any script. Each area adds its entry points here.
"""

from __future__ import annotations
