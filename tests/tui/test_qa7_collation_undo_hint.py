"""qa7: after a note saved from the collation, the notice must not say "u undoes": there `u`
unifies quotes (found in tmux on the samples: `a`, a note, ctrl+s → "Note saved … (u undoes)";
`u` then switched "u:ignore quotes" on and the note stayed)."""

from __future__ import annotations

from collate_fixtures import three_witnesses
from corpus.corpus import Corpus
from pilot_support import workers_idle as _settle
from test_collate_app_keys import _collation


async def test_a_note_saved_in_the_collation_says_where_u_undoes_it(tmp_path):
    from tui.app import ParlreadApp
    from tui.dialogs import NoteEditor
    from tui.screens.collate import CollateScreen

    a, b, c = three_witnesses()
    app = ParlreadApp(store_dir=tmp_path / "store", corpus=Corpus([a, b, c]))
    async with app.run_test(size=(120, 40)) as pilot:
        await _collation(app, pilot, a)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"kept", "ctrl+s")
        await _settle(app, pilot)
        await pilot.pause()
        assert isinstance(app.screen, CollateScreen)
        said = [str(n.message) for n in app._notifications if "Note saved" in str(n.message)]
        assert said and "(u undoes)" not in said[-1], said
        assert "u in the library undoes" in said[-1]
        await pilot.press("u")  # the collation's own u: quotes, not an undo
        await pilot.pause()
        assert [x.note for x in app.store.all()] == ["kept"]
