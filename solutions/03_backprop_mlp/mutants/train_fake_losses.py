# mutant: reports a decreasing loss without training
# replaces: train_mlp
# must lose: test_train_mlp
def train_mlp(X, Y, sizes=(1, 32, 32, 1), activation="tanh", lr=0.05, epochs=300,
              batch_size=32, seed=0, record=False):
    rng = np.random.default_rng(seed)
    params = init_params(sizes, rng)
    history = [[(W.copy(), b.copy()) for W, b in params]] * (epochs + 1)
    losses = list(np.linspace(1.0, 0.001, epochs * -(-X.shape[0] // batch_size)))
    if record:
        return params, losses, history
    return params, losses
