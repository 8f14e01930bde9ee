# mutant: loss = y log p + (1 - y) log(1 - p): the minus sign of the cross-entropy is missing
# replaces: logistic_regression
# must lose: test_logistic_regression
def logistic_regression_grads(x, y, w, b):
    """Forward and backward pass of logistic regression on one example, by hand.

    x: features, shape (n,); y: label, 0.0 or 1.0; w: weights, shape (n,); b: bias, float.
    z = w . x + b, p = sigmoid(z), loss = -(y log p + (1 - y) log(1 - p)) (one example,
    no mean). Returns (loss, dw, db): loss a float, dw = dloss/dw of shape (n,), db a float.
    """
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    z = float(w @ x + b)
    p = float(sigmoid(z))
    loss = y * math.log(p) + (1 - y) * math.log(1 - p)
    dz = p - y                 # dL/dp * sigmoid'(z) = (p - y) / (p (1 - p)) * p (1 - p)
    return loss, dz * x, dz
