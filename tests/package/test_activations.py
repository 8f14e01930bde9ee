"""backprop.activations: values, derivatives against central differences, stability, dtypes."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from backprop import activations as act
from support.finite_differences import derivative as central_difference

shapes = hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=6)


def away_from_zero(z, margin=1e-3):
    """Move entries off the ReLU kink so finite differences see one side only."""
    return np.where(np.abs(z) < margin, margin + np.abs(z), z)


@given(shape=shapes, seed=st.integers(0, 2**32 - 1))
def test_derivatives_match_central_differences(shape, seed):
    z = np.random.default_rng(seed).normal(scale=3.0, size=shape)
    np.testing.assert_allclose(act.sigmoid_prime(z), central_difference(act.sigmoid, z),
                               rtol=1e-6, atol=1e-10)
    np.testing.assert_allclose(act.tanh_prime(z), central_difference(np.tanh, z),
                               rtol=1e-6, atol=1e-10)
    zr = away_from_zero(z)
    np.testing.assert_allclose(act.relu_prime(zr), central_difference(act.relu, zr),
                               rtol=1e-6, atol=1e-10)


def test_sigmoid_matches_the_formula_and_its_symmetry():
    z = np.linspace(-30, 30, 121)
    np.testing.assert_allclose(act.sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-14)
    np.testing.assert_allclose(act.sigmoid(-z), 1 - act.sigmoid(z), atol=1e-15)
    assert act.sigmoid_prime(np.array(0.0)) == 0.25
    assert np.all(act.sigmoid_prime(z) <= 0.25)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sigmoid_is_stable_for_large_inputs(dtype):
    z = np.array([-1e4, -800.0, -50.0, 50.0, 800.0, 1e4], dtype=dtype)
    with np.errstate(over="raise", invalid="raise", divide="raise"):           # any overflow would raise here
        s = act.sigmoid(z)
        sp = act.sigmoid_prime(z)
    assert s.dtype == dtype and np.all(np.isfinite(s)) and np.all(np.isfinite(sp))
    assert s[0] == 0.0 and s[-1] == 1.0
    assert np.all((s >= 0) & (s <= 1))
    assert np.all(sp >= 0)


def test_relu_and_its_derivative():
    z = np.array([-2.0, -0.0, 0.0, 1e-12, 3.0])
    np.testing.assert_array_equal(act.relu(z), [0, 0, 0, 1e-12, 3])
    np.testing.assert_array_equal(act.relu_prime(z), [0, 0, 0, 1, 1])   # 1[z > 0]: 0 at z = 0
    np.testing.assert_array_equal(act.tanh_prime(np.zeros(2)), [1.0, 1.0])


@pytest.mark.parametrize("fn", [act.sigmoid, act.sigmoid_prime, act.tanh, act.tanh_prime,
                                act.relu, act.relu_prime, act.softmax, act.log_softmax])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_and_shape_preserved(fn, dtype):
    z = np.random.default_rng(1).normal(size=(4, 5)).astype(dtype)
    out = fn(z)
    assert out.dtype == dtype and out.shape == z.shape


@given(shape=shapes, seed=st.integers(0, 2**32 - 1), shift=st.floats(-1e4, 1e4))
def test_softmax_rows_are_probabilities_and_shift_invariant(shape, seed, shift):
    z = np.random.default_rng(seed).normal(scale=5.0, size=shape)
    p = act.softmax(z)
    assert np.all(p >= 0)
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(act.softmax(z + shift), p, rtol=1e-6, atol=1e-12)
    naive = np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True)   # fine at this scale
    np.testing.assert_allclose(p, naive, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(act.log_softmax(z), np.log(naive), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_softmax_stable_at_logits_of_1e4(dtype):
    z = np.array([[1e4, 0.0, -1e4], [1e4, 1e4, 0.0], [-1e4, -1e4, -1e4]], dtype=dtype)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        p = act.softmax(z)
        lp = act.log_softmax(z)
    np.testing.assert_allclose(p, [[1, 0, 0], [0.5, 0.5, 0], [1 / 3, 1 / 3, 1 / 3]], rtol=1e-6)
    # log_softmax is exact here: row 0 is z - 1e4 (log-sum-exp = 1e4 up to e^-1e4)
    np.testing.assert_allclose(lp[0], [0.0, -1e4, -2e4], rtol=1e-6)
    np.testing.assert_allclose(lp[1, :2], np.log(0.5), rtol=1e-6)
    assert np.all(np.isfinite(lp))


def test_errors_name_the_argument():
    with pytest.raises(TypeError, match="z must be an array of numbers"):
        act.sigmoid("abc")
    with pytest.raises(ValueError, match="z must have at least 1 dimension"):
        act.softmax(np.float64(3.0))
    with pytest.raises(ValueError, match="z must have at least 1 dimension"):
        act.log_softmax(2.0)


# ----------------------------------------------------------------- the registry

def test_every_registered_derivative_matches_central_differences():
    z = away_from_zero(np.random.default_rng(0).normal(scale=2.5, size=(4, 5)))
    for name in act.ACTIVATION_NAMES:
        spec = act.get_activation(name)
        np.testing.assert_allclose(spec.prime(z), central_difference(spec.g, z),
                                   rtol=1e-6, atol=1e-10, err_msg=name)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_registered_functions_keep_shape_and_dtype(dtype):
    z = np.linspace(-3, 3, 12, dtype=dtype).reshape(3, 4)
    for name in act.ACTIVATION_NAMES:
        spec = act.get_activation(name)
        for out in (spec.g(z), spec.prime(z), spec(z)):
            assert out.shape == z.shape and out.dtype == dtype, name


def test_aliases_resolve_to_one_entry_and_names_are_listed_once():
    assert act.get_activation("linear") is act.get_activation("identity")
    assert act.get_activation("linear").name == "identity"
    assert set(act.ACTIVATION_NAMES) == set(act.REGISTRY) | set(act.ALIASES)
    assert len(set(act.ACTIVATION_NAMES)) == len(act.ACTIVATION_NAMES)
    assert all(target in act.REGISTRY for target in act.ALIASES.values())
    # homogeneous means g(c z) = c g(z) for c > 0; check the flag against the function
    z = np.linspace(-2, 2, 9)
    for spec in act.REGISTRY.values():
        assert spec.homogeneous == bool(np.allclose(spec.g(3.0 * z), 3.0 * spec.g(z))), spec.name


def test_unknown_names_list_every_valid_name():
    with pytest.raises(ValueError) as info:
        act.get_activation("gelu")
    message = str(info.value)
    assert "unknown activation 'gelu'" in message
    assert all(repr(name) in message for name in act.ACTIVATION_NAMES)
    with pytest.raises(ValueError, match="unknown output_activation 'soft'"):
        act.get_activation("soft", "output_activation")
    with pytest.raises(TypeError, match="activation must be a name"):
        act.get_activation(np.tanh)


def test_entries_are_frozen():
    import dataclasses
    with pytest.raises(dataclasses.FrozenInstanceError):
        act.get_activation("relu").g = np.tanh


@pytest.mark.parametrize("name", act.ACTIVATION_NAMES)
def test_every_module_uses_the_same_activation(name):
    """layers, MLP, jacobians and variance accept every registered name and compute the
    registry's g and g' with it."""
    from backprop import layers
    from backprop_reference import jacobians, variance
    from backprop.mlp import MLP
    spec = act.get_activation(name)
    rng = np.random.default_rng(1)
    Z, G = away_from_zero(rng.normal(size=(3, 4))), rng.normal(size=(3, 4))
    layer = layers.make_activation(name)
    np.testing.assert_allclose(layer.forward(Z), spec.g(Z), rtol=1e-15)
    np.testing.assert_allclose(layer.backward(G), G * spec.prime(Z), rtol=1e-12, atol=1e-15)
    assert layers.ACTIVATIONS[name] is type(layer)
    np.testing.assert_array_equal(jacobians.activation_prime(Z, name), spec.prime(Z))
    assert MLP([4, 3, 2], activation=name, rng=0).activation == name
    W = [rng.normal(size=(4, 4)) / 2, rng.normal(size=(2, 4)) / 2]
    sim = variance.simulate(W, name, Z, dA_out=G[:, :2])
    np.testing.assert_allclose(sim["A"][0], spec.g(Z @ W[0].T), rtol=1e-12)
    np.testing.assert_allclose(sim["deltas"][1], G[:, :2] * spec.prime(sim["Z"][1]), rtol=1e-12)


def test_every_module_rejects_an_unknown_name_the_same_way():
    from backprop import layers
    from backprop_reference import jacobians, variance
    from backprop.mlp import MLP
    calls = [lambda: layers.make_activation("gelu"), lambda: jacobians.activation_prime(np.ones(2), "gelu"),
             lambda: variance.second_moment("gelu", 1.0), lambda: MLP([2, 2], activation="gelu")]
    messages = []
    for call in calls:
        with pytest.raises(ValueError) as info:
            call()
        messages.append(str(info.value))
    assert len(set(messages)) == 1, messages
    with pytest.raises(ValueError, match="unknown output_activation 'gelu'"):
        MLP([2, 2], output_activation="gelu")
