"""Screens of the app, one module each; a screen owns its state and its glue."""
