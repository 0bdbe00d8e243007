"""Schedule the regular reviews of each document: the schedule, the review log, the calendar.

``schedule`` is pure (``today`` is passed in).

May import: ``policykit.errors``, ``policykit.content``, ``policykit.word``, ``policykit.versions``,
icalendar.
"""
