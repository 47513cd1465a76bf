"""The Textual app (app.py, screens/, widgets/) and the command line (cli/)."""
