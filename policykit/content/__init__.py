"""Read and validate the council's content: the pack, the report and the policy documents.

Pure parsing and models (no file access) plus the one module that reads the content folder.

May import: ``policykit.errors`` and the standard library, pydantic, PyYAML, ruamel.yaml,
markdown-it-py. Imports nothing else from policykit.
"""
