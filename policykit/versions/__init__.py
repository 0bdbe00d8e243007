"""Keep every revision in git: the repository, releases, snapshots at a revision, blame, diffs.

``repository`` is the only module in policykit that imports GitPython.

May import: ``policykit.errors``, ``policykit.content``, ``policykit.word``, ``policykit.render``,
``policykit.redline``, ``policykit.importer``.
"""
