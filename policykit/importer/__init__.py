"""Turn a Word document into content: Markdown with YAML front matter.

May import: ``policykit.errors``, ``policykit.content``, ``policykit.word``.
"""
