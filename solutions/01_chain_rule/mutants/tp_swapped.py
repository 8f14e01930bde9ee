# mutant: dL/dw3 and dL/dh3 take the wrong factor (w3 and h3 swapped)
# replaces: toy_prediction
# must lose: test_toy_prediction
def toy_prediction():
    c = toy_forward(x_toy, y_toy, w_toy, b_toy)
    d_f3 = 2 * (c["f3"] - y_toy)
    return d_f3, d_f3 * w_toy[3], d_f3, d_f3 * c["h3"]
