# mutant: gradient ascent: W += lr * dW
# replaces: train_mlp
# must lose: test_train_mlp
def train_mlp(X, Y, sizes=(1, 32, 32, 1), activation="tanh", lr=0.05, epochs=300,
              batch_size=32, seed=0):
    rng = np.random.default_rng(seed)
    params = init_params(sizes, rng)
    losses = []
    N = X.shape[0]
    for epoch in range(epochs):
        order = rng.permutation(N)
        for start in range(0, N, batch_size):
            idx = order[start:start + batch_size]
            out, cache = mlp_forward(X[idx], params, activation)
            loss, dOut = mse_loss(out, Y[idx])
            grads = mlp_backward(dOut, params, cache, activation)
            for (W, b), (dW, db) in zip(params, grads):
                W += lr * dW
                b += lr * db
            losses.append(loss)
    return params, losses
