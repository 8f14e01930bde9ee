"""backprop.init: shapes, dtypes, the fans each mode uses, gains, and the statistics of the
draws, checked against tolerances derived from the sample size (fixed seeds)."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from backprop_reference import init

SCALING = {  # name -> (c in Var = gain^2 c / fan, default mode, uniform?)
    "lecun_normal": (1.0, "fan_in", False),
    "xavier_normal": (1.0, "average", False),
    "xavier_uniform": (1.0, "average", True),
    "he_normal": (2.0, "fan_in", False),
    "he_uniform": (2.0, "fan_in", True),
}
SHAPE = (300, 700)        # (n_out, n_in): fan_in = 700, fan_out = 300, average = 500
N = SHAPE[0] * SHAPE[1]
Z = 5.0                   # tolerances are Z standard errors: a correct draw fails ~1 in 1.7 million


def expected_variance(name, n_in, n_out, gain=1.0, mode=None):
    """Written out independently of the package: gain^2 c / fan."""
    c, default, _ = SCALING[name]
    mode = mode or default
    fan = {"fan_in": n_in, "fan_out": n_out, "average": (n_in + n_out) / 2}[mode]
    return gain ** 2 * c / fan


def assert_mean_var(W, var, kurtosis):
    """Sample mean and variance within Z standard errors of (0, var).

    SE(mean) = sqrt(var / N); SE(sample variance) = var sqrt((kurtosis - 1) / N)
    (kurtosis 3 for a normal, 9/5 for a uniform)."""
    W = np.asarray(W, dtype=np.float64)
    n = W.size
    mean, v = W.mean(), W.var()
    assert abs(mean) <= Z * math.sqrt(var / n), f"mean {mean} too far from 0 (var {var})"
    se = var * math.sqrt((kurtosis - 1) / n)
    assert abs(v - var) <= Z * se, f"variance {v} vs expected {var} (tolerance {Z * se:.3g})"


@pytest.mark.parametrize("name", list(SCALING))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_shape_dtype_and_statistics(name, dtype):
    W = init.initialize(name, SHAPE, np.random.default_rng(1), dtype=dtype)
    assert W.shape == SHAPE and W.dtype == np.dtype(dtype)
    uniform = SCALING[name][2]
    var = expected_variance(name, n_in=SHAPE[1], n_out=SHAPE[0])
    assert_mean_var(W, var, 1.8 if uniform else 3.0)
    if uniform:
        limit = math.sqrt(3 * var)
        assert np.abs(W).max() <= limit * (1 + 1e-6)
        assert np.abs(W).max() >= limit * (1 - 1e-3)          # the limit is reached, not sqrt(var)
    else:
        # a normal has kurtosis 3 (a uniform 1.8): SE of the sample kurtosis ~ sqrt(24 / N)
        W64 = W.astype(np.float64)
        kurt = np.mean(W64 ** 4) / np.mean(W64 ** 2) ** 2
        assert abs(kurt - 3.0) <= Z * math.sqrt(24 / N)


@pytest.mark.parametrize("name", list(SCALING))
@pytest.mark.parametrize("mode", ["fan_in", "fan_out", "average"])
def test_each_mode_uses_its_fan(name, mode):
    W = getattr(init, name)(SHAPE, np.random.default_rng(2), mode=mode)
    var = expected_variance(name, SHAPE[1], SHAPE[0], mode=mode)
    assert init.weight_variance(name, n_in=SHAPE[1], n_out=SHAPE[0], mode=mode) == pytest.approx(var)
    assert_mean_var(W, var, 1.8 if SCALING[name][2] else 3.0)


def test_fans_read_from_n_out_n_in():
    assert init.fans((3, 5)) == (5, 3)          # (fan_in, fan_out) of W (n_out=3, n_in=5)
    assert init.weight_variance("lecun_normal", n_in=5, n_out=3) == pytest.approx(1 / 5)
    assert init.weight_variance("xavier_normal", n_in=5, n_out=3) == pytest.approx(2 / 8)
    assert init.weight_variance("he_normal", n_in=5, n_out=3) == pytest.approx(2 / 5)
    assert init.weight_variance("he_normal", n_in=5, n_out=3, mode="average") == pytest.approx(4 / 8)


@pytest.mark.parametrize("name", list(SCALING))
def test_gain_multiplies_the_std(name):
    gain = 2.5
    W1 = getattr(init, name)(SHAPE, np.random.default_rng(3))
    Wg = getattr(init, name)(SHAPE, np.random.default_rng(3), gain=gain)
    np.testing.assert_allclose(Wg, gain * W1, rtol=1e-12)       # same draw, scaled
    assert init.weight_variance(name, SHAPE[1], SHAPE[0], gain=gain) == pytest.approx(
        expected_variance(name, SHAPE[1], SHAPE[0], gain=gain))
    assert_mean_var(Wg, expected_variance(name, SHAPE[1], SHAPE[0], gain=gain),
                    1.8 if SCALING[name][2] else 3.0)


def test_normal_std_and_gain():
    W = init.normal(SHAPE, std=0.05, rng=np.random.default_rng(4), gain=2.0)
    assert W.shape == SHAPE
    assert_mean_var(W, (2.0 * 0.05) ** 2, 3.0)
    assert init.weight_variance("normal", 7, 3, gain=2.0, std=0.05) == pytest.approx(0.01)
    assert init.normal((4,), std=1.0, rng=0, dtype=np.float32).dtype == np.float32


def test_zeros_and_constant():
    Z0 = init.zeros((3, 4))
    assert Z0.shape == (3, 4) and Z0.dtype == np.float64 and not Z0.any()
    b = init.zeros(5, dtype=np.float32)                      # biases start at 0
    assert b.shape == (5,) and b.dtype == np.float32 and not b.any()
    C = init.constant((2, 3), 0.25, dtype=np.float32)
    assert C.dtype == np.float32 and np.all(C == np.float32(0.25))
    assert init.weight_variance("zeros", 3, 4) == 0.0
    assert init.weight_variance("constant", 3, 4) == 0.0
    np.testing.assert_array_equal(init.initialize("constant", (2, 2), value=3.0), np.full((2, 2), 3.0))


@pytest.mark.parametrize("name", list(SCALING) + ["normal"])
def test_seeded_and_dispatch(name):
    a = init.initialize(name, (20, 30), np.random.default_rng(7))
    b = getattr(init, name)((20, 30), rng=np.random.default_rng(7))
    c = init.initialize(name, (20, 30), np.random.default_rng(8))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    np.testing.assert_array_equal(init.initialize(name, (20, 30), 7), a)   # int seed shortcut


def test_errors_are_clear():
    with pytest.raises(ValueError, match="unknown initializer 'glorot'.*'xavier_normal'"):
        init.initialize("glorot", (2, 2))
    with pytest.raises(TypeError, match="Generator"):
        init.he_normal((2, 2), rng=np.random.RandomState(0))
    with pytest.raises(TypeError, match="Generator"):
        init.xavier_uniform((2, 2), rng="seed")
    with pytest.raises(ValueError, match=r"\(n_out, n_in\)"):
        init.he_normal((3,), rng=0)
    with pytest.raises(ValueError, match="positive"):
        init.he_normal((0, 3), rng=0)
    with pytest.raises(TypeError, match="shape"):
        init.he_normal((2.5, 3), rng=0)
    with pytest.raises(ValueError, match="mode"):
        init.lecun_normal((2, 2), rng=0, mode="fan")
    with pytest.raises(ValueError, match="gain"):
        init.xavier_normal((2, 2), rng=0, gain=-1.0)
    with pytest.raises(ValueError, match="std"):
        init.normal((2, 2), std=0.0, rng=0)
    with pytest.raises(TypeError, match="dtype"):
        init.he_uniform((2, 2), rng=0, dtype=np.int32)
    with pytest.raises(TypeError, match="does not take"):
        init.initialize("he_normal", (2, 2), std=1.0)
    with pytest.raises(ValueError, match="n_in"):
        init.weight_variance("he_normal", n_in=0, n_out=3)


@given(n_out=st.integers(1, 400), n_in=st.integers(1, 400),
       gain=st.floats(0.01, 100.0), name=st.sampled_from(list(SCALING)),
       mode=st.sampled_from(["fan_in", "fan_out", "average"]))
def test_weight_variance_formula(n_out, n_in, gain, name, mode):
    assert init.weight_variance(name, n_in, n_out, gain=gain, mode=mode) == pytest.approx(
        expected_variance(name, n_in, n_out, gain=gain, mode=mode), rel=1e-12)


def test_diagnose_draw_accepts_correct_draws_and_names_mistakes():
    for seed in range(20):
        rng = np.random.default_rng(seed)
        assert init.diagnose_draw("W", init.he_normal((300, 500), rng), (300, 500), 2 / 500) is None
        assert init.diagnose_draw("U", init.xavier_uniform((300, 500), rng), (300, 500), 2 / 800,
                                  uniform=True) is None
    rng = np.random.default_rng(0)
    var = 2 / 800
    msg = init.diagnose_draw("U", rng.uniform(-np.sqrt(var), np.sqrt(var), size=(300, 500)), (300, 500), var,
                             uniform=True, mistakes={"no sqrt(3)": var / 3})
    assert "Likely mistake: no sqrt(3)" in msg
    msg = init.diagnose_draw("U", rng.uniform(0, np.sqrt(3 * var), size=(300, 500)), (300, 500), var, uniform=True)
    assert "mean" in msg and "[0, limit)" in msg
    msg = init.diagnose_draw("W", rng.uniform(-np.sqrt(3 * var), np.sqrt(3 * var), size=(300, 500)), (300, 500), var)
    assert "do not look normal" in msg
    assert "reversed" in init.diagnose_draw("W", np.zeros((5, 3)), (3, 5), 0.1)
    assert "None" in init.diagnose_draw("W", None, (3, 5), 0.1)
    assert init.diagnose_draw("Z", np.zeros((3, 5)), (3, 5), 0.0) is None
