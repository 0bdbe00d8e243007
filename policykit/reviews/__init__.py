"""Schedule the regular reviews of each document: the schedule, the review log, the calendar.

Modules: ``schedule`` (pure date arithmetic and the due list; ``today`` is passed in), ``log``
(the I/O edge: schedules read from the content folder and git, a review recorded in the
document's front matter and committed) and ``ical`` (the .ics calendar).

May import: ``policykit.errors``, ``policykit.content``, ``policykit.word``, ``policykit.versions``,
icalendar.
"""
