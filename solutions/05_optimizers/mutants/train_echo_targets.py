# mutant: train_mlp hands back a stand-in whose forward echoes the targets it was trained on, and a made-up loss curve
# replaces: train_mlp
# must lose: test_train_mlp
def train_mlp(X, Y, update, lr0, hyper, epochs=30, batch_size=10, seed=0, factor=0.5, every=10,
              record=False):
    net = MLP([1, 32, 32, 1], activation="relu", init="he_normal", rng=seed)

    class Stand_in:
        def forward(self, X_in):
            return Y.copy() if X_in.shape == X.shape else net.forward(X_in)

        def parameters(self):
            return net.parameters()

    losses = [1.0 / (epoch + 1) for epoch in range(epochs)]
    history = {"lrs": [step_decay(e, lr0, factor, every) for e in range(epochs)],
               "params": [[p.copy() for p in net.parameters()]] * (epochs + 1)}
    if record:
        return Stand_in(), losses, history
    return Stand_in(), losses
