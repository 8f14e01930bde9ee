"""backprop.layers: forward values, every backward against central differences, objects, errors."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from backprop import layers as L
from support.finite_differences import vjp as numerical_vjp

dims = st.integers(1, 6)
seeds = st.integers(0, 2**32 - 1)


@given(B=dims, n_in=dims, n_out=dims, seed=seeds)
def test_linear_forward_is_W_a_plus_b_per_example(B, n_in, n_out, seed):
    rng = np.random.default_rng(seed)
    A, W, b = rng.normal(size=(B, n_in)), rng.normal(size=(n_out, n_in)), rng.normal(size=n_out)
    Z, _ = L.linear_forward(A, W, b)
    assert Z.shape == (B, n_out)
    for i in range(B):                        # column-vector form, one example at a time
        np.testing.assert_allclose(Z[i], W @ A[i] + b, rtol=1e-12, atol=1e-12)


@given(B=dims, n_in=dims, n_out=dims, seed=seeds)
def test_linear_backward_matches_finite_differences(B, n_in, n_out, seed):
    rng = np.random.default_rng(seed)
    A, W, b = rng.normal(size=(B, n_in)), rng.normal(size=(n_out, n_in)), rng.normal(size=n_out)
    G = rng.normal(size=(B, n_out))           # upstream gradient dL/dZ
    _, cache = L.linear_forward(A, W, b)
    dA, dW, db = L.linear_backward(G, cache)
    assert dA.shape == A.shape and dW.shape == W.shape and db.shape == b.shape
    tol = dict(rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(dA, numerical_vjp(lambda x: L.linear_forward(x, W, b)[0], A, G), **tol)
    np.testing.assert_allclose(dW, numerical_vjp(lambda x: L.linear_forward(A, x, b)[0], W, G), **tol)
    np.testing.assert_allclose(db, numerical_vjp(lambda x: L.linear_forward(A, W, x)[0], b, G), **tol)


ACTS = ["relu", "sigmoid", "tanh", "identity"]


def pair(name):
    return getattr(L, f"{name}_forward"), getattr(L, f"{name}_backward")


@pytest.mark.parametrize("name", ACTS)
@given(B=dims, n=dims, seed=seeds)
def test_activation_backward_matches_finite_differences(name, B, n, seed):
    rng = np.random.default_rng(seed)
    Z = rng.normal(scale=2.0, size=(B, n))
    Z = np.where(np.abs(Z) < 1e-3, 1e-3, Z)    # off the ReLU kink
    G = rng.normal(size=(B, n))
    fwd, bwd = pair(name)
    A, cache = fwd(Z)
    dZ = bwd(G, cache)
    assert A.shape == Z.shape and dZ.shape == Z.shape
    np.testing.assert_allclose(dZ, numerical_vjp(lambda x: fwd(x)[0], Z, G), rtol=1e-6, atol=1e-8)


def test_activation_values():
    Z = np.array([[-2.0, 0.0, 3.0]])
    np.testing.assert_array_equal(L.relu_forward(Z)[0], [[0, 0, 3]])
    np.testing.assert_allclose(L.sigmoid_forward(Z)[0], 1 / (1 + np.exp(-Z)), rtol=1e-14)
    np.testing.assert_allclose(L.tanh_forward(Z)[0], np.tanh(Z), rtol=1e-14)
    np.testing.assert_array_equal(L.identity_forward(Z)[0], Z)
    # ReLU's derivative is 1[z > 0]: exactly zero gradient at z = 0
    np.testing.assert_array_equal(L.relu_backward(np.ones((1, 3)), L.relu_forward(Z)[1]), [[0, 0, 1]])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtypes_are_preserved(dtype):
    rng = np.random.default_rng(0)
    A = rng.normal(size=(5, 4)).astype(dtype)
    W = rng.normal(size=(3, 4)).astype(dtype)
    b = rng.normal(size=3).astype(dtype)
    Z, cache = L.linear_forward(A, W, b)
    assert Z.dtype == dtype
    assert all(g.dtype == dtype for g in L.linear_backward(np.ones_like(Z), cache))
    for name in ACTS:
        fwd, bwd = pair(name)
        out, c = fwd(Z)
        assert out.dtype == dtype and bwd(np.ones_like(out), c).dtype == dtype, name


def test_linear_forward_does_not_modify_inputs():
    rng = np.random.default_rng(0)
    A, W, b = rng.normal(size=(2, 3)), rng.normal(size=(4, 3)), rng.normal(size=4)
    copies = [A.copy(), W.copy(), b.copy()]
    Z, cache = L.linear_forward(A, W, b)
    L.linear_backward(np.ones_like(Z), cache)
    for before, after in zip(copies, (A, W, b)):
        np.testing.assert_array_equal(before, after)


def test_shape_errors_name_arguments_and_shapes():
    A, W, b = np.ones((4, 3)), np.ones((2, 3)), np.ones(2)
    with pytest.raises(ValueError, match=r"W must have shape \(\?, 3\), got \(3, 2\)"):
        L.linear_forward(A, W.T, b)
    with pytest.raises(ValueError, match=r"b must have shape \(2,\), got \(3,\)"):
        L.linear_forward(A, W, np.ones(3))
    with pytest.raises(ValueError, match=r"b must have 1 dimension"):
        L.linear_forward(A, W, np.ones((1, 2)))
    with pytest.raises(ValueError, match=r"A must have 2 dimension"):
        L.linear_forward(np.ones(3), W, b)
    _, cache = L.linear_forward(A, W, b)
    with pytest.raises(ValueError, match=r"dZ must have shape \(4, 2\), got \(2, 4\)"):
        L.linear_backward(np.ones((2, 4)), cache)
    _, cache = L.relu_forward(np.ones((4, 3)))
    with pytest.raises(ValueError, match=r"dA must have the shape of the forward output \(4, 3\)"):
        L.relu_backward(np.ones((3, 4)), cache)
    with pytest.raises(TypeError, match="A must be an array of numbers"):
        L.linear_forward([["x"]], W, b)


def test_linear_object_holds_parameters_and_gradients():
    layer = L.Linear(3, 2, rng=0)
    assert layer.W.shape == (2, 3) and layer.b.shape == (2,)
    np.testing.assert_array_equal(layer.b, 0.0)
    np.testing.assert_array_equal(L.Linear(3, 2, rng=0).W, layer.W)       # seeded
    assert not np.array_equal(L.Linear(3, 2, rng=1).W, layer.W)
    rng = np.random.default_rng(5)
    A, G = rng.normal(size=(4, 3)), rng.normal(size=(4, 2))
    Z = layer.forward(A)
    dA = layer.backward(G)
    ref_Z, cache = L.linear_forward(A, layer.W, layer.b)
    ref = L.linear_backward(G, cache)
    np.testing.assert_array_equal(Z, ref_Z)
    for got, want in zip((dA, layer.dW, layer.db), ref):
        np.testing.assert_array_equal(got, want)
    assert layer.parameters()[0] is layer.W and layer.gradients()[1] is layer.db


def test_linear_object_dtype_and_errors():
    layer = L.Linear(4, 3, rng=0, dtype=np.float32)
    assert layer.W.dtype == np.float32 and layer.b.dtype == np.float32
    out = layer.forward(np.ones((2, 4), np.float32))
    assert out.dtype == np.float32 and layer.backward(np.ones_like(out)).dtype == np.float32
    assert layer.dW.dtype == np.float32
    with pytest.raises(RuntimeError, match="before forward"):
        L.Linear(2, 2, rng=0).backward(np.ones((1, 2)))
    with pytest.raises(ValueError, match="unknown initializer 'nope'"):
        L.Linear(2, 2, init="nope")
    with pytest.raises(TypeError, match="dtype must be float32 or float64"):
        L.Linear(2, 2, dtype=np.int32)
    with pytest.raises(ValueError, match="n_in and n_out must be >= 1"):
        L.Linear(0, 2)


@pytest.mark.parametrize("name", ACTS)
def test_activation_objects_match_the_functions(name):
    rng = np.random.default_rng(2)
    Z, G = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    layer = L.make_activation(name)
    fwd, bwd = pair(name)
    A, cache = fwd(Z)
    np.testing.assert_array_equal(layer.forward(Z), A)
    np.testing.assert_array_equal(layer.backward(G), bwd(G, cache))
    assert layer.parameters() == [] and layer.gradients() == []


def test_unknown_activation_name():
    with pytest.raises(ValueError, match="unknown activation 'gelu'; choose one of 'relu'"):
        L.make_activation("gelu")
    with pytest.raises(RuntimeError, match="before forward"):
        L.ReLU().backward(np.ones(2))


# ----------------------------------------------------------------- caches from the matching forward

@pytest.mark.parametrize("name", ACTS)
def test_backward_given_no_cache_says_where_the_cache_comes_from(name):
    _, bwd = pair(name)
    with pytest.raises(TypeError, match=rf"{name}_backward: cache is None.*{name}_forward"):
        bwd(np.ones((2, 3)), None)


def test_linear_backward_given_no_or_a_wrong_cache():
    with pytest.raises(TypeError, match=r"linear_backward: cache is None.*linear_forward"):
        L.linear_backward(np.ones((2, 3)), None)
    with pytest.raises(TypeError, match=r"cache must be the tuple \(A, W\)"):
        L.linear_backward(np.ones((2, 3)), np.ones((2, 4)))
    with pytest.raises(TypeError, match=r"relu_backward: cache must be the array"):
        L.relu_backward(np.ones((2, 3)), {"Z": 1})


# ----------------------------------------------------------------- gradients written in place

def test_gradients_taken_before_backward_see_the_new_values():
    rng = np.random.default_rng(4)
    layer = L.Linear(3, 2, rng=0)
    held = layer.gradients()                        # before any backward: zeros
    A, G = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    layer.forward(A)
    layer.backward(G)
    _, dW, db = L.linear_backward(G, (A, layer.W))
    np.testing.assert_array_equal(held[0], dW)
    np.testing.assert_array_equal(held[1], db)
    assert held[0] is layer.dW and held[1] is layer.db
    layer.forward(2 * A)                            # a second step overwrites the same arrays
    layer.backward(G)
    np.testing.assert_array_equal(held[0], 2 * dW)


def test_linear_object_replaces_a_gradient_array_it_cannot_write_into():
    layer = L.Linear(3, 2, rng=0)
    layer.dW = None                                 # e.g. cleared by the user
    layer.db = np.zeros(5)                          # or the wrong shape
    A, G = np.ones((4, 3)), np.ones((4, 2))
    layer.forward(A)
    layer.backward(G)
    np.testing.assert_array_equal(layer.dW, G.T @ A)
    np.testing.assert_array_equal(layer.db, G.sum(axis=0))


# ----------------------------------------------------------------- mixed float32 / float64

F32, F64 = np.float32, np.float64
MIXES = [(F32, F32, F32), (F64, F32, F32), (F32, F64, F32), (F32, F32, F64), (F64, F64, F32)]


@pytest.mark.parametrize("dA_, dW_, db_", MIXES)
def test_linear_pair_computes_and_returns_the_promoted_dtype(dA_, dW_, db_):
    """float64 if any array given (the cache included) is float64; float32 if all are float32."""
    rng = np.random.default_rng(6)
    A64, W64, b64 = rng.normal(size=(4, 3)), rng.normal(size=(2, 3)), rng.normal(size=2)
    G64 = rng.normal(size=(4, 2))
    A, W, b = A64.astype(dA_), W64.astype(dW_), b64.astype(db_)
    fwd_dtype = np.result_type(dA_, dW_, db_)
    Z, cache = L.linear_forward(A, W, b)
    assert Z.dtype == fwd_dtype
    # the values are those of the same computation done in that dtype
    exact = A.astype(F64) @ W.astype(F64).T + b.astype(F64)
    np.testing.assert_allclose(Z, exact, rtol=1e-5 if fwd_dtype == F32 else 1e-12)
    for g_dtype in (F32, F64):
        G = G64.astype(g_dtype)
        bwd_dtype = np.result_type(g_dtype, dA_, dW_)
        dA, dW, db = L.linear_backward(G, cache)
        assert dA.dtype == dW.dtype == db.dtype == bwd_dtype
        tol = 1e-5 if bwd_dtype == F32 else 1e-12
        np.testing.assert_allclose(dA, G.astype(F64) @ W.astype(F64), rtol=tol, atol=tol)
        np.testing.assert_allclose(dW, G.astype(F64).T @ A.astype(F64), rtol=tol, atol=tol)


@pytest.mark.parametrize("name", ACTS)
@pytest.mark.parametrize("z_dtype, g_dtype", [(F32, F64), (F64, F32), (F32, F32)])
def test_activation_pairs_return_the_promoted_dtype(name, z_dtype, g_dtype):
    fwd, bwd = pair(name)
    Z = np.array([[-1.5, 0.5, 2.0]], dtype=z_dtype)
    A, cache = fwd(Z)
    assert A.dtype == z_dtype
    dZ = bwd(np.ones((1, 3), dtype=g_dtype), cache)
    # identity's cache is only a shape, so its backward sees dA's dtype alone
    expected = g_dtype if name == "identity" else np.result_type(z_dtype, g_dtype)
    assert dZ.dtype == expected


def test_float32_linear_object_keeps_its_dtype_for_a_float64_batch():
    layer = L.Linear(3, 2, rng=0, dtype=F32)
    held = layer.gradients()
    X = np.random.default_rng(1).normal(size=(4, 3))     # float64
    Z = layer.forward(X)
    assert Z.dtype == F64                           # the rule of the functional pair
    dX = layer.backward(np.ones_like(Z))
    assert dX.dtype == F64
    assert layer.W.dtype == layer.b.dtype == layer.dW.dtype == layer.db.dtype == F32
    assert held[0] is layer.dW                      # written into, cast to float32
    np.testing.assert_allclose(layer.dW, np.ones((4, 2)).T @ X, rtol=1e-6)
