"""backprop.digits: the shipped file, its licence note, and a deterministic stratified split."""

import numpy as np
import pytest

from backprop import digits as D


def test_the_file_is_the_uci_test_set_with_its_licence_next_to_it():
    X, y = D.load_digits()
    assert X.shape == (1797, 64) and y.shape == (1797,)
    assert X.min() == 0 and X.max() == 16 and np.array_equal(X, np.round(X))
    assert set(np.unique(y)) == set(range(10)) and np.bincount(y).min() >= 170
    note = (D.DATA_FILE.parent / "README.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in note and "10.24432/C50P49" in note


def test_split_is_deterministic_disjoint_stratified_and_scaled():
    a, b = D.split_digits(), D.split_digits()
    for x, z in zip(a, b):
        assert np.array_equal(x, z)
    X_train, y_train, X_test, y_test = a
    assert len(X_train) + len(X_test) == 1797 and len(X_test) == len(y_test)
    assert X_train.max() <= 1 and X_test.min() >= 0
    train_rows = {r.tobytes() for r in X_train}
    X_all, _ = D.load_digits()
    assert len({r.tobytes() for r in X_all / 16}) - len(train_rows) <= len(X_test)
    share = np.bincount(y_test, minlength=10) / np.bincount(np.concatenate([y_train, y_test]), minlength=10)
    np.testing.assert_allclose(share, 0.2, atol=0.01)
    other = D.split_digits(seed=1)
    assert not np.array_equal(other[3], y_test) or not np.array_equal(other[2], X_test)


def test_float32_and_bad_arguments():
    assert D.split_digits(dtype=np.float32)[0].dtype == np.float32
    with pytest.raises(ValueError, match="held_out"):
        D.split_digits(held_out=1.5)
    with pytest.raises(TypeError, match="dtype"):
        D.load_digits(dtype=np.int32)
