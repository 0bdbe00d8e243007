"""Keep every revision in git: the repository, releases, snapshots at a revision, blame, diffs.

Modules: ``repository`` (the only module in policykit that imports GitPython), ``gitoutput``
(parsing what git prints, pure), ``trailers`` (commit-message trailers, pure), ``safety`` (the
write lock every write holds, the release lock and saved files), ``conflicts`` (the
expected-base check of the one commit path: the loser of two writers gets a ConflictError
naming the other change, its text kept), ``imports`` (a Word import under the write lock),
``snapshot`` (content and brand kit at a revision, the working
tree's commit stamp), ``amended`` (documents changed since their latest release build as
drafts), ``superseded`` (a version built at a revision and superseded since says so),
``build`` (documents and the pack, now or at a revision), ``manifest`` (what a build
wrote into its output folder, so a later build removes only its own stale files), ``history``
(the versions of a document), ``blame`` (word-level attribution, pure), ``diff`` (a document
between revisions), ``release`` (all or nothing), ``steps`` (lifecycle steps carried out in
one commit with their tags), ``decisions`` (release for decision, record the meeting's
decision), ``status`` (where each document stands), ``starter`` (a new content repository),
``branches`` (commits on a branch not checked out, through the repository's git runner),
``notes`` (reviewers' comments kept in ``notes/<doc>.yaml``), ``sync`` (pull, write and
push with the council's git server under the one write lock) and ``incorporate`` with
``incorporate_edits``, ``incorporate_fields``, ``incorporate_merge`` and ``incorporate_run``
(reviewers' returned Word copies brought back into the content, credited to each reviewer).
The lifecycle's rules are ``policykit.content.lifecycle``'s; these modules only do them in git.
Nothing here reads the clock: ``today`` and ``now`` come from the caller.

May import: ``policykit.errors``, ``policykit.content``, ``policykit.word``, ``policykit.render``,
``policykit.redline``, ``policykit.importer``.
"""
