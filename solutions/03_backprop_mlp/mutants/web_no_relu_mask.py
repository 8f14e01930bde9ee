# mutant: the predicted backward pass forgets the ReLU mask in BP2
# replaces: worked_example_by_hand
# must lose: test_worked_example_by_hand
def worked_example_by_hand():
    D2 = np.array([[-2 / 3], [1 / 3], [-1 / 3]])
    A1 = np.array([[1.5, 1], [0, 0], [0.5, 1]])
    D1 = D2 @ np.array([[1.0, -2.0]])
    X = np.array([[1.0, 0], [0, 1], [1, 1]])
    return D1.T @ X, D1.sum(axis=0), D2.T @ A1, D2.sum(axis=0)
