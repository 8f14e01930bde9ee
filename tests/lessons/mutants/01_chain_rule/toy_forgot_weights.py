# mutant: dL/dh_k = dL/df_k: the weight w_k on the way back is forgotten
# replaces: toy_backward
# must lose: test_toy_backward
def toy_backward(cache, x, y, w, b):
    """Backward pass of the toy chain, by hand.

    cache: the dict returned by toy_forward (floats f0, h1, f1, h2, f2, h3, f3, loss).
    x, y: floats; w, b: arrays of shape (4,).
    Returns a dict:
      "f3", "h3", "f2", "h2", "f1", "h1", "f0": dL/d(that node), floats;
      "w": dL/dw, array of shape (4,) (entry k is dL/dw_k);
      "b": dL/db, array of shape (4,).
    The loss is the single-example squared error L = (f3 - y)^2 (no 1/2, no mean).
    """
    g = {}
    g["f3"] = 2.0 * (cache["f3"] - y)
    g["h3"] = g["f3"]
    g["f2"] = g["h3"] * (-math.sin(cache["f2"]))
    g["h2"] = g["f2"]
    g["f1"] = g["h2"] * cache["h2"]              # d exp(f1) / d f1 = exp(f1) = h2
    g["h1"] = g["f1"]
    g["f0"] = g["h1"] * math.cos(cache["f0"])
    inputs = [x, cache["h1"], cache["h2"], cache["h3"]]   # what each w_k multiplies
    dfs = [g["f0"], g["f1"], g["f2"], g["f3"]]
    g["w"] = np.array([df * a for df, a in zip(dfs, inputs)])
    g["b"] = np.array(dfs, dtype=float)
    return g
