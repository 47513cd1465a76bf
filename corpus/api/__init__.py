"""Follow a policy area: the Parliament API client, watches, fetch, inbox and members table (no Textual)."""
