"""Compare and step version numbers the way people read them: 1.10 comes after 1.9."""

from __future__ import annotations

import re

from policykit.errors import LifecycleError

# -- versions --------------------------------------------------------------------------


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Return a sort key that compares versions part by part: 1.10 > 1.9 > 1.2.1 > 1.2."""
    return tuple((0, int(part)) if part.isdigit() else (1, part)
                 for part in re.split(r"[.\-_]", version))


def next_version(version: str) -> str:
    """Return the next minor version: 1.0 -> 1.1, 1.9 -> 1.10."""
    head, _, last = version.rpartition(".")
    if last.isdigit():
        return f"{head}.{int(last) + 1}" if head else str(int(last) + 1)
    return f"{version}.1"


# A version released is numbers and dots (1.0, 2.1, 1.2.3): it names the tag and the page footer.
VERSION_NUMBER = re.compile(r"\A[0-9]{1,6}(\.[0-9]{1,6}){0,3}\Z")


def check_new_version(doc_id: str, version: str, released: list[str]) -> None:
    """Refuse a version that is not a number, or is lower than or equal to the last released."""
    if not VERSION_NUMBER.match(version):
        raise LifecycleError(
            f"{doc_id}, field version: {version!r} is not a version number; write numbers "
            "separated by dots, e.g. --version 1.0 or --version 2.1")
    if not released:
        return
    last = max(released, key=version_key)
    if version_key(version) <= version_key(last):
        raise LifecycleError(
            f"{doc_id}, field version: {version} is not after {last}, the last version "
            f"released; release it as {next_version(last)} (versions compare part by part: "
            "1.10 comes after 1.9)")


__all__ = ["VERSION_NUMBER", "check_new_version", "next_version", "version_key"]
