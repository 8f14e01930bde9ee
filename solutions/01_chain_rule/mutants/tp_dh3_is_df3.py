# mutant: dL/dh3 taken equal to dL/df3 (the weight w3 forgotten on the way through f3 = b3 + w3 h3)
# replaces: toy_prediction
# must lose: test_toy_prediction
def toy_prediction():
    c = toy_forward(x_toy, y_toy, w_toy, b_toy)
    d_f3 = 2 * (c["f3"] - y_toy)
    return d_f3, d_f3 * c["h3"], d_f3, d_f3
