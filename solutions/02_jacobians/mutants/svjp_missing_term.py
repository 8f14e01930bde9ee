# mutant: P * V: the outer-product part of the Jacobian is missing
# replaces: softmax_vjp
# must lose: test_softmax_vjp
def softmax_vjp(Z, V):
    return softmax(Z) * V
