"""Widgets shared by screens: row list, library list, reader, timeline bars, margin marks, tag text."""
