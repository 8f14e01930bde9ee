# mutant: one optimizer state shared by all parameters (velocities of different shapes get mixed)
# replaces: train_mlp
# must lose: test_train_mlp
def train_mlp(X, Y, update, lr0, hyper, epochs=30, batch_size=10, seed=0, factor=0.5, every=10):
    net = MLP([1, 32, 32, 1], activation="relu", init="he_normal", rng=seed)
    rng = np.random.default_rng(seed)
    state = None
    losses = []
    for epoch in range(epochs):
        lr = step_decay(epoch, lr0, factor, every)
        order = rng.permutation(len(X))
        batch_losses = []
        for start in range(0, len(X), batch_size):
            idx = order[start:start + batch_size]
            loss, dY = mse_loss(net.forward(X[idx]), Y[idx])
            net.backward(dY)
            for p, g in zip(net.parameters(), net.gradients()):
                p_next, state = update(p, g, state, lr=lr, **hyper)
                p[...] = p_next
            batch_losses.append(loss)
        losses.append(float(np.mean(batch_losses)))
    return net, losses
