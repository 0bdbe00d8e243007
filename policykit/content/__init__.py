"""Read and validate the council's content: the pack, the report and the policy documents.

Owns the content model (``models``, with its value types in ``values``), where content lives
(``layout``: file suffixes, document ids, the templates folder beside the content), YAML
reading and the one scalar-quoting rule (``yaml``), the front-matter pattern and the one
content-file editor (``frontmatter``), the Markdown dialect (``markdown``) and its warnings
for what it does not support (``dialect``), pure parsing (``parse``), the one disk reader
(``folder``), the settings and report forms (``forms``, ``report_form``: labels, hints,
kinds, and writing the changed fields back as typed), and a pack document's life
(``lifecycle``: its states, the steps between them, what each writes and what each says;
``lifecycletags``, ``versionnumber`` and ``reviewcycle`` beside it).

May import: ``policykit.errors`` and the standard library, pydantic, PyYAML, ruamel.yaml,
markdown-it-py. Imports nothing else from policykit.
"""

from policykit.content.folder import load, read_folder
from policykit.content.frontmatter import FRONT_MATTER, front_matter_of, split_front_matter
from policykit.content.layout import (
    CONTENT_DIR,
    CONTENT_SUFFIXES,
    DOCUMENT_ID,
    MAX_CONTENT_BYTES,
    PACK_FILE,
    TEMPLATES_DIR,
    document_file_names,
    is_content_file,
    is_document_id,
    templates_beside,
    templates_folder_beside,
)
from policykit.content.models import ContentSet, Document, Pack, PolicyDocument, Report
from policykit.content.parse import (
    check_size,
    decode,
    load_files,
    parse,
    parse_pack,
    sanitize,
    validate,
)
from policykit.content.yaml import load_fast, parse_yaml, yaml_scalar
from policykit.content.yaml import plain as plain_yaml

__all__ = [
    "CONTENT_DIR",
    "CONTENT_SUFFIXES",
    "DOCUMENT_ID",
    "FRONT_MATTER",
    "MAX_CONTENT_BYTES",
    "PACK_FILE",
    "TEMPLATES_DIR",
    "ContentSet",
    "Document",
    "Pack",
    "PolicyDocument",
    "Report",
    "check_size",
    "decode",
    "document_file_names",
    "front_matter_of",
    "is_content_file",
    "is_document_id",
    "load",
    "load_fast",
    "load_files",
    "parse",
    "parse_pack",
    "parse_yaml",
    "plain_yaml",
    "read_folder",
    "sanitize",
    "split_front_matter",
    "templates_beside",
    "templates_folder_beside",
    "validate",
    "yaml_scalar",
]
