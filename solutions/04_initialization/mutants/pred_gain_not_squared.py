# mutant: the gain is not squared
# replaces: predicted_variance
# must lose: test_predicted_variance
import numpy as np


def predicted_variance(widths, scheme, activation="linear", gain=1.0, input_var=1.0):
    q = []
    second_moment = input_var
    for l in range(len(widths) - 1):
        n_in, n_out = widths[l], widths[l + 1]
        fan = n_in
        if scheme.startswith("lecun"):
            var_w = 1.0 / fan
        elif scheme.startswith("xavier"):
            var_w = 2.0 / (n_in + n_out)
        else:
            var_w = 2.0 / fan
        q_l = n_in * gain * var_w * second_moment
        q.append(q_l)
        second_moment = q_l / 2 if activation == "relu" else q_l
    return np.array(q)
