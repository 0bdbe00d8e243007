"""Turn content into council-branded Word documents: brand kit, document, Markdown writer.

May import: ``policykit.errors``, ``policykit.content``, ``policykit.word``, docxtpl, Jinja2.
"""
