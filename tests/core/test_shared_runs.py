"""Version detection's candidate search finds the runs of a shingle held by 2+ records a slice at
a time (corpus.shingles._shared_runs): the same runs, in the same order, as the whole-array
formula it replaced, for every slice size, including runs that cross slices."""

from __future__ import annotations

import numpy as np

from corpus.shingles import _shared_runs


def _whole_array(hh):
    starts = np.flatnonzero(np.concatenate([[True], hh[1:] != hh[:-1]]))
    sizes = np.diff(np.concatenate([starts, [len(hh)]]))
    keep = sizes >= 2
    return starts[keep], sizes[keep]


def test_runs_match_the_whole_array_formula_for_every_slice_size():
    rng = np.random.default_rng(7)
    for _ in range(400):
        n = int(rng.integers(1, 300))
        hh = np.sort(rng.integers(0, int(rng.integers(1, 80)), n).astype(np.uint64))
        want = _whole_array(hh)
        for step in (1, 2, 3, int(rng.integers(4, 50)), n, n + 5):
            starts, sizes = _shared_runs(hh, step, np.int32)
            assert starts.tolist() == want[0].tolist() and sizes.tolist() == want[1].tolist()


def test_one_long_run_across_many_slices_and_only_singletons():
    long = np.zeros(1000, dtype=np.uint64)
    assert [a.tolist() for a in _shared_runs(long, 7, np.int32)] == [[0], [1000]]
    distinct = np.arange(500, dtype=np.uint64)
    assert [len(a) for a in _shared_runs(distinct, 16, np.int32)] == [0, 0]
