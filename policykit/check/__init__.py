"""Check documents for accessibility and plain English: Word, PDF, HTML and content folders.

Owns the rules (one module per format or family), the Finding/CheckReport model and the
text and JSON output data. May import ``errors``, ``content`` and ``word`` (the safe
.docx reader), and the third-party readers pikepdf, lxml and textstat; never the CLI.
"""

from policykit.check.model import CheckReport, CheckSettings, FileReport, Finding, Severity
from policykit.check.runner import check_paths

__all__ = ["CheckReport", "CheckSettings", "FileReport", "Finding", "Severity", "check_paths"]
