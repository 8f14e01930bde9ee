# mutant: the prediction forgets the 2 of d(u - y)^2/du
# replaces: toy_prediction
# must lose: test_toy_prediction
def toy_prediction():
    c = toy_forward(x_toy, y_toy, w_toy, b_toy)
    d_f3 = c["f3"] - y_toy
    return d_f3, d_f3 * c["h3"], d_f3, d_f3 * w_toy[3]
