"""Record extraction from saved pages by general rules (segment, fields, furniture, kinds, DOM).

The plain-text, HTML and Markdown importers all end here: a page becomes a
list of classified lines (``segment.classify``), page furniture is dropped by
shape and position (``furniture``), the lines are cut into records
(``segment.segments``), and each record's labelled fields, title, kind and
house are read from its own lines (``page``).  No rule is keyed to one site:
labels are read wherever they stand, inline or on their own line.
"""
