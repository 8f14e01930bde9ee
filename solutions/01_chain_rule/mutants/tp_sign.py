# mutant: the sign of the residual flipped, 2 (y - f3)
# replaces: toy_prediction
# must lose: test_toy_prediction
def toy_prediction():
    c = toy_forward(x_toy, y_toy, w_toy, b_toy)
    d_f3 = 2 * (y_toy - c["f3"])
    return d_f3, d_f3 * c["h3"], d_f3, d_f3 * w_toy[3]
