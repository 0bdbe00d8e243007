"""List the words and phrases plain English avoids, each with the everyday word to use.

Our own list, informed by the GOV.UK style guide's "Words to avoid" and "Plain English"
sections (https://www.gov.uk/guidance/style-guide/a-to-z), published by the Government
Digital Service under the Open Government Licence v3.0
(https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/).
Contains public sector information licensed under the Open Government Licence v3.0.
"""

from __future__ import annotations

import re

# phrase -> suggestion. Phrases are matched as whole words, case-insensitively.
WORDS_TO_AVOID: dict[str, str] = {
    # From GOV.UK's words to avoid: vague or metaphorical words.
    "agenda": "plan (unless it is a meeting's agenda)",
    "advancing": "say what you are actually doing",
    "collaborate": "work with",
    "combat": "stop, prevent or reduce",
    "countering": "answering, stopping or preventing",
    "deliver": "make, create, provide or give",
    "deploy": "use, put into place",
    "dialogue": "discussion, talking",
    "disincentivise": "discourage",
    "empower": "allow, give permission",
    "facilitate": "help, make possible",
    "foster": "encourage, help",
    "going forward": "from now on, in future",
    "incentivise": "encourage",
    "initiate": "start",
    "leverage": "use, influence",
    "liaise": "work with, talk to",
    "overarching": "main, overall",
    "robust": "strong, thorough",
    "streamline": "simplify",
    "tackling": "stopping, solving, dealing with",
    "transforming": "changing (say how)",
    "utilise": "use",
    "utilize": "use",
    # Our own: formal words with a plain equivalent.
    "additional": "extra, more",
    "approximately": "about",
    "assist": "help",
    "commence": "start",
    "endeavour": "try",
    "forthwith": "now, at once",
    "herein": "here, in this document",
    "hereby": "(leave it out)",
    "in accordance with": "under, following",
    "in order to": "to",
    "in respect of": "about, for",
    "in the event of": "if",
    "notwithstanding": "despite, even if",
    "prior to": "before",
    "purchase": "buy",
    "subsequently": "later, then",
    "sufficient": "enough",
    "terminate": "end",
    "whilst": "while",
    "with regard to": "about",
    "with reference to": "about",
}

_PATTERN = re.compile(
    r"\b(" + "|".join(re.escape(w).replace(r"\ ", r"\s+")
                      for w in sorted(WORDS_TO_AVOID, key=len, reverse=True)) + r")\b",
    re.I,
)


def words_to_avoid(text: str) -> list[tuple[str, str]]:
    """Return (phrase as written, suggestion) for each word to avoid in ``text``."""
    found = []
    for match in _PATTERN.finditer(text):
        key = " ".join(match.group(1).lower().split())
        found.append((match.group(1), WORDS_TO_AVOID[key]))
    return found


__all__ = ["WORDS_TO_AVOID", "words_to_avoid"]
