"""Produce, version and compare a council's policy papers as council-branded Word documents.

The common paths are one call each::

    import policykit

    policykit.build_pack("content", "build")
    content = policykit.load("content")
    data = policykit.build_document(content, "appendix-a")
    redline = policykit.compare(old_bytes, new_bytes, author="Legal")
    policykit.due_reviews("content", today=date(2019, 12, 20))

Names are imported on first use, so ``import policykit`` (and the CLI) starts quickly.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from policykit.errors import (
    CompareError,
    ContentError,
    HistoryError,
    InputError,
    LifecycleError,
    OfficeError,
    OutputError,
    PolicykitError,
    ReviewError,
    TemplateError,
)

__version__ = "0.1.0"

# public name -> module that defines it
_LAZY = {
    "build_pack": "api",
    "build_document": "api",
    "load_content": "api",
    "BuildResult": "versions.build",
    "create_repository": "api",
    "document_history": "api",
    "release": "api",
    "decide": "api",
    "pack_status": "api",
    "diff_versions": "api",
    "diff_documents": "api",
    "compare_content": "api",
    "due_reviews": "api",
    "record_review": "api",
    "review_calendar": "api",
    "import_word_policy": "importer",
    "import_word_file": "importer",
    "read_word_policy": "importer",
    "compare": "redline",
    "Redline": "redline",
    "load": "content",
    "load_files": "content",
    "parse": "content",
    "ContentSet": "content",
    "BrandKit": "render",
    "render_document": "render",
    "Approval": "content.models",
    "Classification": "content.models",
    "Interval": "content.models",
    "Pack": "content.models",
    "PolicyDocument": "content.models",
    "Recommendation": "content.models",
    "Report": "content.models",
    "ReviewSchedule": "content.models",
    "Section": "content.models",
    "Status": "content.models",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'policykit' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "CompareError",
    "ContentError",
    "HistoryError",
    "InputError",
    "LifecycleError",
    "OfficeError",
    "OutputError",
    "PolicykitError",
    "ReviewError",
    "TemplateError",
    "__version__",
    *_LAZY,
]
