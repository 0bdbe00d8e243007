"""Define the ``launch:`` block of pack.yaml: what the launch email and Bulletin item say.

What the decision means for Members (a few key points), the training and how to book it,
whom to ask, and who signs the email. The facts of the decision itself (what was approved,
by whom, when, the minute) come from the documents' front matter, never from here.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from policykit.content.values import STRICT, Email, NonEmpty


class Training(BaseModel):
    """The training offered with the launch: when, and how to book a place."""

    model_config = STRICT

    on: date
    how_to_book: NonEmpty


class Contact(BaseModel):
    """Whom Members ask about the launch: name, email and phone."""

    model_config = STRICT

    name: NonEmpty
    email: Email
    phone: NonEmpty


class SignOff(BaseModel):
    """Who sends the launch email: a name and a team."""

    model_config = STRICT

    name: NonEmpty
    team: NonEmpty


class Launch(BaseModel):
    """The ``launch:`` block: key points, training, contact and sign-off."""

    model_config = STRICT

    key_points: list[NonEmpty] = Field(min_length=1, max_length=8)
    training: Training | None = None
    contact: Contact
    sign_off: SignOff


__all__ = ["Contact", "Launch", "SignOff", "Training"]
