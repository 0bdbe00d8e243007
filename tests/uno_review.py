"""Make reviewers' copies the way reviewers make them: LibreOffice, through UNO, with change
recording on and the author set. Run under the system Python (it needs ``uno``)::

    /usr/bin/python3 -I tests/uno_review.py JOB.json

JOB: {"profile": DIR, "copies": [{"input", "output", "author", "track", "strip", "edits"}]}.
Each edit finds the first occurrence of ``find`` in the body text and:
``{"replace": NEW}`` types NEW over it; ``{"delete": true}`` deletes it; ``{"after": TEXT}``
adds a paragraph TEXT after the paragraph holding it (``"style"`` for its style);
``{"delete_paragraph": true}`` deletes its whole paragraph;
``{"bold": true}``, ``{"colour": 16711680}`` format it; ``{"style": NAME}`` restyles its
paragraph; ``{"move_after": FIND2}`` moves its paragraph after the paragraph holding FIND2.
"""

import contextlib
import json
import os
import subprocess
import sys
import time
import uuid

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def start(profile):
    pipe = f"pkreview_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    proc = subprocess.Popen(
        ["soffice", f"-env:UserInstallation={uno.systemPathToFileUrl(profile)}", "--headless",
         "--invisible", "--nocrashreport", "--nodefault", "--nofirststartwizard",
         "--nolockcheck", "--nologo", "--norestore",
         f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(240):
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return proc, ctx
        except Exception:
            time.sleep(0.25)
    proc.kill()
    raise RuntimeError("LibreOffice did not start")


def set_author(ctx, name):
    provider = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.configuration.ConfigurationProvider", ctx)
    access = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationUpdateAccess",
        (prop("nodepath", "/org.openoffice.UserProfile/Data"),))
    given, _, family = name.partition(" ")
    access.setPropertyValue("givenname", given)
    access.setPropertyValue("sn", family)
    access.commitChanges()


def find(doc, text):
    search = doc.createSearchDescriptor()
    search.SearchString = text
    search.SearchCaseSensitive = True
    found = doc.findFirst(search)
    if found is None:
        raise RuntimeError(f"not found: {text!r}")
    return found


def paragraph_end(doc, found):
    cursor = doc.Text.createTextCursorByRange(found.End) if found.Text == doc.Text else \
        found.Text.createTextCursorByRange(found.End)
    cursor.gotoEndOfParagraph(False)
    return cursor


def edit(doc, change):
    found = find(doc, change["find"])
    if "replace" in change:
        found.setString(change["replace"])
    elif change.get("delete"):
        found.setString("")
    elif "after" in change:
        cursor = paragraph_end(doc, found)
        text = cursor.Text
        text.insertControlCharacter(cursor, 0, False)  # PARAGRAPH_BREAK
        if change.get("style"):
            cursor.ParaStyleName = change["style"]
        text.insertString(cursor, change["after"], False)
    elif change.get("delete_paragraph"):
        cursor = found.Text.createTextCursorByRange(found.Start)
        cursor.gotoStartOfParagraph(False)
        cursor.gotoEndOfParagraph(True)
        cursor.goRight(1, True)  # and its paragraph mark
        cursor.setString("")
    elif change.get("bold"):
        found.CharWeight = 150.0
    elif "colour" in change:
        found.CharColor = change["colour"]
    elif "style" in change:
        found.ParaStyleName = change["style"]
    elif "move_after" in change:
        cursor = found.Text.createTextCursorByRange(found.Start)
        cursor.gotoStartOfParagraph(False)
        cursor.gotoEndOfParagraph(True)
        moved = cursor.getString()
        style = cursor.ParaStyleName
        cursor.goRight(1, True)  # the paragraph mark
        cursor.setString("")
        target = paragraph_end(doc, find(doc, change["move_after"]))
        target.Text.insertControlCharacter(target, 0, False)
        target.ParaStyleName = style
        target.Text.insertString(target, moved, False)


def main(job_path):
    with open(job_path) as file:
        job = json.load(file)
    proc, ctx = start(job["profile"])
    try:
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        for copy in job["copies"]:
            set_author(ctx, copy["author"])
            doc = desktop.loadComponentFromURL(
                uno.systemPathToFileUrl(os.path.abspath(copy["input"])), "_blank", 0,
                (prop("Hidden", True),))
            doc.RecordChanges = bool(copy.get("track", True))
            for change in copy.get("edits", []):
                edit(doc, change)
            if copy.get("strip"):
                user = doc.DocumentProperties.UserDefinedProperties
                for info in user.getPropertySetInfo().getProperties():
                    user.removeProperty(info.Name)
            doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(copy["output"])),
                           (prop("FilterName", "MS Word 2007 XML"),))
            doc.close(True)
    finally:
        with contextlib.suppress(Exception):
            desktop.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)


if __name__ == "__main__":
    main(sys.argv[1])
