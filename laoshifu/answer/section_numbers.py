"""How manuals number their sections, for the rules that tell a section's title from its text.

A numbered title names a topic and says nothing itself ("2.8.4 UPS Shutdowns"), so it never
leads an answer, never heads a table and is never the start of the paragraph under it. Manuals
number chapters "2.8.4" and appendices "K.2.2" ("K.2.2 CentOS 7" in the NUT manual, whose
appendices are a fifth of its pages): both are section numbers. One level alone ("3 Wiring",
"K Packaging") is too often a step, a list item or a value to be read as one here.
"""

# Two or more levels of digits ("4.3.2"), or an appendix letter and one or more levels ("K.2").
SECTION_NUMBER = r"(?:\d+(?:\.\d+)+|[A-Z](?:\.\d+)+)"
