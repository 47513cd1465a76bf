"""Records, importers, cleaning, search, versions and alignment: the core, with no Textual."""
