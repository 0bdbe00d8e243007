"""Keep every revision in git: the repository, releases, snapshots at a revision, blame, diffs.

Modules: ``repository`` (the only module in policykit that imports GitPython), ``trailers``
(commit-message trailers, pure), ``safety`` (the release lock and saved files), ``snapshot``
(content and brand kit at a revision, the working tree's commit stamp), ``build`` (documents
and the pack, now or at a revision), ``history`` (the versions of a document), ``blame``
(word-level attribution, pure), ``diff`` (a document between revisions), ``release`` (all or
nothing) and ``starter`` (a new content repository). Nothing here reads the clock: ``today``
and ``now`` come from the caller.

May import: ``policykit.errors``, ``policykit.content``, ``policykit.word``, ``policykit.render``,
``policykit.redline``, ``policykit.importer``.
"""
